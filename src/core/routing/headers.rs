//! Headers-exchange matching (`x-match` all / any / all-with-x / any-with-x).

use crate::core::error::AmqpError;
use crate::core::value::{Table, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatchMode {
    any: bool,
    with_x: bool,
}

/// Reads `x-match`; absent means `all`, anything else is refused at bind time with 406.
pub fn match_mode(args: &Table) -> Result<MatchMode, AmqpError> {
    let mode = match args.get("x-match") {
        None => "all",
        Some(Value::Str(s)) => s.as_str(),
        Some(other) => return Err(AmqpError::precondition(format!("invalid x-match field value {other:?}"))),
    };
    Ok(match mode {
        "all" => MatchMode { any: false, with_x: false },
        "any" => MatchMode { any: true, with_x: false },
        "all-with-x" => MatchMode { any: false, with_x: true },
        "any-with-x" => MatchMode { any: true, with_x: true },
        other => return Err(AmqpError::precondition(format!("invalid x-match field value \"{other}\"; expected all, any, all-with-x, or any-with-x"))),
    })
}

/// `all` holds vacuously with nothing to compare; `any` then never holds.
pub fn matches(mode: MatchMode, args: &Table, headers: &Table) -> bool {
    let mut considered = args
        .iter()
        .filter(|(k, _)| k.as_str() != "x-match" && (mode.with_x || !k.starts_with("x-")));
    let one = |(k, v): (&String, &Value)| match v {
        Value::Void => headers.contains_key(k),
        v => headers.get(k) == Some(v),
    };
    if mode.any {
        considered.any(one)
    } else {
        considered.all(one)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &[(&str, Value)]) -> Table {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }
    fn check(args: &Table, headers: &Table) -> bool {
        matches(match_mode(args).unwrap(), args, headers)
    }

    #[test]
    fn absent_x_match_means_all_and_all_is_vacuously_true() {
        let all = table(&[("color", "red".into()), ("size", 10.into())]);
        assert!(check(&all, &table(&[("color", "red".into()), ("size", 10.into())])));
        assert!(!check(&all, &table(&[("color", "red".into())])));
        assert!(check(&table(&[("x-match", "all".into())]), &Table::new()));
    }

    #[test]
    fn any_needs_one_match_and_never_holds_with_nothing_to_compare() {
        let any = table(&[("x-match", "any".into()), ("color", "red".into()), ("size", 10.into())]);
        assert!(check(&any, &table(&[("color", "red".into())])));
        assert!(!check(&any, &Table::new()));
        assert!(!check(&table(&[("x-match", "any".into())]), &table(&[("a", 1.into())])));
    }

    #[test]
    fn x_arguments_count_only_with_x_modes() {
        let args = table(&[("x-match", "all".into()), ("x-k", 1.into())]);
        assert!(check(&args, &Table::new()));
        let args = table(&[("x-match", "all-with-x".into()), ("x-k", 1.into())]);
        assert!(!check(&args, &Table::new()) && check(&args, &table(&[("x-k", 1.into())])));
        let args = table(&[("x-match", "any-with-x".into()), ("x-k", 1.into()), ("y", 2.into())]);
        assert!(check(&args, &table(&[("x-k", 1.into())])));
    }

    #[test]
    fn void_matches_presence_and_values_compare_without_type_tags() {
        let args = table(&[("flag", Value::Void)]);
        assert!(check(&args, &table(&[("flag", "anything".into())])) && !check(&args, &Table::new()));
        assert!(!check(&table(&[("n", 1.into())]), &table(&[("n", "1".into())])));
    }

    #[test]
    fn unknown_x_match_is_refused_with_406() {
        assert_eq!(match_mode(&table(&[("x-match", "most".into())])).unwrap_err().code, 406);
    }
}
