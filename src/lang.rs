//! The two languages Warren speaks. Chinese is a first-class language (the interview note the
//! lessons come from is Chinese), so texts the simulation itself writes (fates, lifecycle
//! sentences, validation errors) are rendered per language here too, not only in the UI.

/// A text in this language only: `tr!(lang, "{c} restarts", "{c} 重新启动")` is the `format!` of
/// the English or the Chinese literal, whichever `lang` is, so the other is never formatted.
/// Both literals name their arguments inline, as `format!` does.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $en:literal, $zh:literal $(,)?) => {
        match $lang {
            $crate::lang::Lang::En => format!($en),
            $crate::lang::Lang::Zh => format!($zh),
        }
    };
}

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

#[cfg(test)]
mod tr_tests {
    use super::Lang;

    #[test]
    fn tr_formats_the_literal_of_its_language_only() {
        let (who, n) = ("c-1", 2);
        assert_eq!(crate::tr!(Lang::En, "{who} retries ({n})", "{who} 重试（{n}）"), "c-1 retries (2)");
        assert_eq!(crate::tr!(Lang::Zh, "{who} retries ({n})", "{who} 重试（{n}）"), "c-1 重试（2）");
    }
}
