//! A lesson's predicates over a run's named figures: comparisons of a figure with an integer or
//! another figure, joined by `and` / `or` (`and` binds tighter), with parentheses:
//! `lost = 0 and processed_twice = 0`, `processed = confirmed`,
//! `stale_reads > 0 or (cache_misses >= 10 and lost = 0)`.
//! Parsed once, when the lesson is read, so a misspelt figure is an error naming it.

use super::figures::{figure, FIGURES};
use crate::sim::World;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// The right side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    Number(u64),
    Figure(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Predicate {
    Compare { figure: String, op: Op, value: Operand },
    And(Vec<Predicate>),
    Or(Vec<Predicate>),
}

/// The longest predicate text, in bytes (a lesson's goals are a line).
pub const MAX_PREDICATE_BYTES: usize = 1_000;
/// The deepest nesting of parentheses.
const MAX_DEPTH: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Number(u64),
    Op(Op),
    Open,
    Close,
}

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' || c == ')' {
            chars.next();
            out.push(if c == '(' { Token::Open } else { Token::Close });
        } else if c.is_ascii_digit() {
            let mut n = 0u64;
            while let Some(&(_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                n = n.checked_mul(10).and_then(|n| n.checked_add(u64::from(d as u8 - b'0'))).ok_or("a number is too large")?;
                chars.next();
            }
            out.push(Token::Number(n));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut word = String::new();
            while let Some(&(_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_alphanumeric() || *d == '_') {
                word.push(d);
                chars.next();
            }
            out.push(Token::Word(word));
        } else {
            chars.next();
            let next = chars.peek().map(|&(_, d)| d);
            let (op, two) = match (c, next) {
                ('=', Some('=')) => (Op::Eq, true),
                ('=', _) => (Op::Eq, false),
                ('!', Some('=')) => (Op::Ne, true),
                ('<', Some('=')) => (Op::Le, true),
                ('<', _) => (Op::Lt, false),
                ('>', Some('=')) => (Op::Ge, true),
                ('>', _) => (Op::Gt, false),
                _ => return Err(format!("unexpected \"{c}\" at byte {at}")),
            };
            if two {
                chars.next();
            }
            out.push(Token::Op(op));
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn peek_word(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Token::Word(w)) if w == word)
    }

    fn or(&mut self, depth: usize) -> Result<Predicate, String> {
        let mut parts = vec![self.and(depth)?];
        while self.peek_word("or") {
            self.at += 1;
            parts.push(self.and(depth)?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Predicate::Or(parts) })
    }

    fn and(&mut self, depth: usize) -> Result<Predicate, String> {
        let mut parts = vec![self.atom(depth)?];
        while self.peek_word("and") {
            self.at += 1;
            parts.push(self.atom(depth)?);
        }
        Ok(if parts.len() == 1 { parts.remove(0) } else { Predicate::And(parts) })
    }

    fn atom(&mut self, depth: usize) -> Result<Predicate, String> {
        match self.next() {
            Some(Token::Open) => {
                if depth >= MAX_DEPTH {
                    return Err(format!("parentheses nested deeper than {MAX_DEPTH}"));
                }
                let inner = self.or(depth + 1)?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err("a \"(\" is not closed".into()),
                }
            }
            Some(Token::Word(name)) if name != "and" && name != "or" => {
                known(&name)?;
                let op = match self.next() {
                    Some(Token::Op(op)) => op,
                    _ => return Err(format!("\"{name}\" must be followed by =, !=, <, <=, > or >=")),
                };
                match self.next() {
                    Some(Token::Number(n)) => Ok(Predicate::Compare { figure: name, op, value: Operand::Number(n) }),
                    Some(Token::Word(other)) if other != "and" && other != "or" => {
                        known(&other)?;
                        Ok(Predicate::Compare { figure: name, op, value: Operand::Figure(other) })
                    }
                    _ => Err(format!("\"{name}\" must be compared with a non-negative integer or a figure")),
                }
            }
            _ => Err("expected a comparison such as \"lost = 0\" or a \"(\"".into()),
        }
    }
}

fn known(name: &str) -> Result<(), String> {
    if super::figures::is_figure(name) {
        Ok(())
    } else {
        Err(format!("no figure named \"{name}\" (the figures: {})", names()))
    }
}

fn names() -> String {
    FIGURES.iter().map(|(f, ..)| String::from(*f)).chain(super::figures::fate_figures()).collect::<Vec<_>>().join(", ")
}

impl Predicate {
    pub fn parse(text: &str) -> Result<Predicate, String> {
        if text.len() > MAX_PREDICATE_BYTES {
            return Err(format!("at most {MAX_PREDICATE_BYTES} bytes, not {}", text.len()));
        }
        let mut p = Parser { tokens: tokens(text)?, at: 0 };
        let predicate = p.or(0)?;
        if p.at < p.tokens.len() {
            return Err(format!("unexpected text after the predicate (token {})", p.at + 1));
        }
        Ok(predicate)
    }

    /// Whether the predicate holds on a finished run.
    pub fn holds(&self, world: &World) -> bool {
        self.holds_with(&|name| figure(world, name))
    }

    /// Whether it holds given each figure's value (a figure without one is false).
    pub fn holds_with(&self, value_of: &dyn Fn(&str) -> Option<u64>) -> bool {
        match self {
            Predicate::Compare { figure, op, value } => {
                let right = match value {
                    Operand::Number(n) => Some(*n),
                    Operand::Figure(f) => value_of(f),
                };
                match (value_of(figure), right) {
                    (Some(v), Some(r)) => match op {
                        Op::Eq => v == r,
                        Op::Ne => v != r,
                        Op::Lt => v < r,
                        Op::Le => v <= r,
                        Op::Gt => v > r,
                        Op::Ge => v >= r,
                    },
                    _ => false,
                }
            }
            Predicate::And(parts) => parts.iter().all(|p| p.holds_with(value_of)),
            Predicate::Or(parts) => parts.iter().any(|p| p.holds_with(value_of)),
        }
    }

    /// The figures it names, in order of appearance (for highlighting the ledger lines).
    pub fn figures(&self) -> Vec<&str> {
        match self {
            Predicate::Compare { figure, value: Operand::Figure(other), .. } => vec![figure.as_str(), other.as_str()],
            Predicate::Compare { figure, .. } => vec![figure.as_str()],
            Predicate::And(parts) | Predicate::Or(parts) => parts.iter().flat_map(|p| p.figures()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, lost: u64, twice: u64) -> bool {
        let p = Predicate::parse(text).unwrap();
        p.holds_with(&|name| match name {
            "lost" => Some(lost),
            "processed_twice" => Some(twice),
            _ => Some(7),
        })
    }

    #[test]
    fn comparisons_join_with_and_binding_tighter_than_or() {
        assert!(eval("lost = 0 and processed_twice = 0", 0, 0));
        assert!(!eval("lost = 0 and processed_twice = 0", 0, 1));
        assert!(eval("lost > 0 or processed_twice == 0", 0, 0));
        // `a or b and c` is `a or (b and c)`.
        assert!(eval("lost = 1 or processed_twice = 1 and backlog = 8", 1, 0));
        assert!(!eval("(lost = 1 or processed_twice = 1) and backlog = 8", 1, 0));
        assert!(eval("backlog >= 7 and backlog <= 7 and backlog != 6 and backlog < 8 and backlog > 6", 0, 0));
        // A figure against a figure.
        assert!(eval("lost < backlog and processed_twice = lost", 3, 3));
        assert!(!eval("lost = processed_twice", 3, 4));
    }

    #[test]
    fn a_bad_predicate_names_its_problem() {
        assert!(Predicate::parse("lsot = 0").unwrap_err().contains("no figure named \"lsot\""));
        assert!(Predicate::parse("lost 0").unwrap_err().contains("must be followed by"));
        assert!(Predicate::parse("lost = x").unwrap_err().contains("no figure named \"x\""));
        assert!(Predicate::parse("lost = and").unwrap_err().contains("non-negative integer or a figure"));
        assert!(Predicate::parse("(lost = 0").unwrap_err().contains("not closed"));
        assert!(Predicate::parse("lost = 0 lost = 1").unwrap_err().contains("after the predicate"));
        assert!(Predicate::parse("lost = 0 & x").unwrap_err().contains("unexpected \"&\""));
        assert!(Predicate::parse("lost = 99999999999999999999").unwrap_err().contains("too large"));
        assert!(Predicate::parse(&"(".repeat(40)).unwrap_err().contains("deeper"));
        assert!(Predicate::parse("").is_err());
    }

    #[test]
    fn every_listed_figure_is_known_to_the_reader() {
        let world = World::run(&crate::sim::scenario::parse(r#"{"version": 1, "duration_ms": 10}"#).unwrap()).unwrap();
        for (name, ..) in FIGURES {
            assert!(figure(&world, name).is_some(), "{name} is listed but not read");
        }
        for name in super::super::figures::fate_figures() {
            assert_eq!(figure(&world, &name), Some(0), "{name} is a fate figure");
            assert!(Predicate::parse(&format!("{name} = 0")).is_ok(), "{name}");
        }
        assert_eq!(figure(&world, "nonsense"), None);
        assert_eq!(figure(&world, "fate_nonsense"), None);
    }
}
