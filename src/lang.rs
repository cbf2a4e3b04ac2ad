//! The two languages Warren speaks. Chinese is a first-class language (the interview note the
//! lessons come from is Chinese), so texts the simulation itself writes (fates, lifecycle
//! sentences, validation errors) are rendered per language here too, not only in the UI.

/// A language of the app and of the simulation's own texts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language for a browser language tag (`navigator.language`): Chinese for `zh…`.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// `en` or `zh`, whichever is this language's.
    pub fn pick<T>(self, en: T, zh: T) -> T {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}
