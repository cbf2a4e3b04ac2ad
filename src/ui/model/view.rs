//! The canvas viewport: pan and zoom as a plain transform (screen = world × zoom + offset).

use super::layout::{Point, Rect};

pub const MIN_ZOOM: f64 = 0.25;
pub const MAX_ZOOM: f64 = 3.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub x: f64,
    pub y: f64,
    pub zoom: f64,
}

impl Default for View {
    fn default() -> View {
        View { x: 0.0, y: 0.0, zoom: 1.0 }
    }
}

impl View {
    /// A point of the canvas element (CSS pixels from its top-left) in world coordinates.
    pub fn to_world(&self, screen: Point) -> Point {
        Point::new((screen.x - self.x) / self.zoom, (screen.y - self.y) / self.zoom)
    }

    /// Zoomed by `factor`, keeping the world point under `around` (screen) where it is.
    pub fn zoomed(&self, factor: f64, around: Point) -> View {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let world = self.to_world(around);
        View { x: around.x - world.x * zoom, y: around.y - world.y * zoom, zoom }
    }

    pub fn panned(&self, dx: f64, dy: f64) -> View {
        View { x: self.x + dx, y: self.y + dy, ..*self }
    }

    /// The view that shows `bounds` centred in a `width` × `height` canvas, at most at 100 %.
    pub fn fit(bounds: Rect, width: f64, height: f64) -> View {
        const MARGIN: f64 = 24.0;
        let zoom = ((width - 2.0 * MARGIN) / bounds.width())
            .min((height - 2.0 * MARGIN) / bounds.height())
            .clamp(MIN_ZOOM, 1.0);
        let x = (width - bounds.width() * zoom) / 2.0 - bounds.min.x * zoom;
        let y = (height - bounds.height() * zoom) / 2.0 - bounds.min.y * zoom;
        View { x, y, zoom }
    }

    /// The view panned just enough to show `rect` (world) inside a `width` × `height` canvas,
    /// keeping `margin` pixels free around it (`top` more at the top, for the toolbar).
    pub fn reveal(&self, rect: Rect, width: f64, height: f64, top: f64) -> View {
        const MARGIN: f64 = 16.0;
        let shift = |lo: f64, hi: f64, min: f64, max: f64| {
            if hi - lo > max - min || lo < min {
                min - lo
            } else if hi > max {
                max - hi
            } else {
                0.0
            }
        };
        let dx = shift(rect.min.x * self.zoom + self.x, rect.max.x * self.zoom + self.x, MARGIN, width - MARGIN);
        let dy = shift(rect.min.y * self.zoom + self.y, rect.max.y * self.zoom + self.y, MARGIN + top, height - MARGIN);
        self.panned(dx, dy)
    }

    /// The SVG `transform` of the world group.
    pub fn transform(&self) -> String {
        format!("translate({:.1} {:.1}) scale({:.3})", self.x, self.y, self.zoom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_keeps_the_point_under_the_cursor() {
        let v = View { x: 10.0, y: 20.0, zoom: 1.0 };
        let around = Point::new(300.0, 200.0);
        let z = v.zoomed(2.0, around);
        assert_eq!(z.to_world(around), v.to_world(around));
        assert_eq!(z.zoom, 2.0);
        assert_eq!(v.zoomed(100.0, around).zoom, MAX_ZOOM);
    }

    #[test]
    fn reveal_pans_only_as_far_as_needed() {
        let v = View::default();
        let visible = Rect::spanning(Point::new(100.0, 100.0), Point::new(200.0, 150.0));
        assert_eq!(v.reveal(visible, 800.0, 600.0, 0.0), v);
        let right = Rect::spanning(Point::new(740.0, 100.0), Point::new(890.0, 150.0));
        assert_eq!(v.reveal(right, 800.0, 600.0, 0.0), v.panned(-106.0, 0.0));
        let above = Rect::spanning(Point::new(100.0, 10.0), Point::new(200.0, 60.0));
        assert_eq!(v.reveal(above, 800.0, 600.0, 50.0), v.panned(0.0, 56.0));
    }

    #[test]
    fn fit_centres_the_bounds() {
        let b = Rect::spanning(Point::new(100.0, 100.0), Point::new(300.0, 200.0));
        let v = View::fit(b, 800.0, 600.0);
        assert_eq!(v.zoom, 1.0);
        let centre = v.to_world(Point::new(400.0, 300.0));
        assert_eq!(centre, Point::new(200.0, 150.0));
    }
}
