//! The colour theme of the page: plain data, no DOM.

use super::i18n::Key;

/// Light or dark colours; the root element carries it as `data-theme`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    /// The other theme.
    pub fn toggled(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    /// The value of the root's `data-theme` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The label of the button that switches away from this theme.
    pub fn toggle_label(self) -> Key {
        match self {
            Theme::Light => Key::DarkTheme,
            Theme::Dark => Key::LightTheme,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Theme;
    use crate::ui::i18n::{Key, Lang};

    #[test]
    fn toggling_twice_is_identity() {
        for theme in [Theme::Light, Theme::Dark] {
            assert_eq!(theme.toggled().toggled(), theme);
            assert_ne!(theme.toggled(), theme);
        }
    }

    #[test]
    fn default_is_light() {
        assert_eq!(Theme::default().as_str(), "light");
        assert_eq!(Theme::default().toggle_label(), Key::DarkTheme);
        assert_eq!(Lang::En.t(Theme::default().toggle_label()), "Dark theme");
    }
}
