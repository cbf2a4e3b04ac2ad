fn main() {
    yew::Renderer::<warren::ui::App>::new().render();
}
