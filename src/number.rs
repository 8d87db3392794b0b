//! The number grammar: turns the number phrases that the rules captured
//! ("1.5 million", "twenty-five thousand", "hundreds of thousands") into
//! values.
//!
//! Pure functions over short strings. Which phrases are figures at all is
//! decided by the rules (`rules/`); this module only says what they are worth.

/// The value of a number phrase: digits with separators and decimals, scale
/// words and suffixes, or numbers written as words.
///
/// Returns `None` when the phrase is not a number this grammar knows.
pub fn parse_number(phrase: &str) -> Option<f64> {
    let tokens = tokenize(phrase);
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let (first, rest) = tokens.split_first()?;
    match parse_digits(first) {
        Some(digits) => apply_scales(digits, rest),
        None => parse_words(&tokens),
    }
}

/// A value as the decimal the text wrote: binary floating point turns
/// "131.3 million" into 131300000.00000001, which a CSV reader may parse as a
/// different number than the Parquet file holds. Rounds to 15 significant
/// digits, all a text ever gives and all an f64 holds exactly.
pub fn as_written(value: f64) -> f64 {
    if !value.is_finite() {
        return value;
    }
    format!("{value:.14e}").parse().unwrap_or(value)
}

/// The lower bound a vague magnitude implies: twice its base ("hundreds" →
/// 200, "several dozen" → 24, "hundreds of thousands" → 200,000, "decades" → 20).
pub fn vague_low(phrase: &str) -> Option<f64> {
    let mut base = 1.0;
    let mut found = false;
    for token in tokenize(phrase) {
        if let Some(scale) = scale_of(&token).or_else(|| plural_scale_of(&token)) {
            base *= scale;
            found = true;
        }
    }
    found.then_some(2.0 * base)
}

/// Lower-cased words and numerals; hyphens and all kinds of spaces separate,
/// a suffix glued to digits ("1.5m", "10bn") becomes its own token.
fn tokenize(phrase: &str) -> Vec<String> {
    let lowered = phrase.to_lowercase();
    let mut tokens = Vec::new();
    for word in lowered.split(|c: char| (c.is_whitespace() && !is_group_space(c)) || c == '-' || c == '\u{2011}') {
        let word = word.trim_matches(|c: char| c == '.' || c == ',' || c == '\u{201c}' || c == '\u{201d}' || c == '"');
        if word.is_empty() {
            continue;
        }
        let split = word.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c)));
        match split {
            Some(at) if at > 0 => {
                tokens.push(word[..at].to_string());
                tokens.push(word[at..].to_string());
            }
            _ => tokens.push(word.to_string()),
        }
    }
    tokens
}

fn is_group_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// "25,000" → 25000; "1.5" → 1.5; "1,5" (a decimal comma) → 1.5.
fn parse_digits(token: &str) -> Option<f64> {
    if !token.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let token: String = token.chars().filter(|&c| !is_group_space(c)).collect();
    let plain = if is_grouped_with_commas(&token) {
        token.replace(',', "")
    } else if token.matches(',').count() == 1 && !token.contains('.') {
        token.replace(',', ".")
    } else {
        token
    };
    plain.parse().ok()
}

/// Commas that group thousands: every group after the first has three digits.
fn is_grouped_with_commas(token: &str) -> bool {
    let integer = token.split('.').next().unwrap_or("");
    let mut groups = integer.split(',');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty() && (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3)
}

fn apply_scales(mut value: f64, rest: &[&str]) -> Option<f64> {
    for token in rest {
        match *token {
            "and" | "a" | "of" => continue,
            // "200 hundred": a writer who puts "hundred" after a number of
            // hundreds means the number as written, not 20,000.
            "hundred" if value >= 100.0 => continue,
            _ => value *= scale_of(token)?,
        }
    }
    Some(value)
}

/// English number words, "a hundred", "a dozen", "one and a half million",
/// "half a".
fn parse_words(tokens: &[&str]) -> Option<f64> {
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    let mut any = false;
    for (i, token) in tokens.iter().enumerate() {
        if *token == "couple" {
            current = Some(2.0);
            any = true;
        } else if let Some(n) = word_value(token) {
            current = Some(current.unwrap_or(0.0) + n);
            any = true;
        } else if *token == "half" {
            current = Some(current.unwrap_or(0.0) + 0.5);
            any = true;
        } else if matches!(*token, "a" | "an") {
            // "a hundred", "a dozen": the article is the number one, unless a
            // half follows it ("one and a half").
            if tokens.get(i + 1) != Some(&"half") && current.is_none() {
                current = Some(1.0);
            }
        } else if *token == "and" {
            continue;
        } else if *token == "hundred" || *token == "dozen" {
            let scale = if *token == "hundred" { 100.0 } else { 12.0 };
            current = Some(current.unwrap_or(1.0) * scale);
            any = true;
        } else if let Some(scale) = scale_of(token) {
            total += current.unwrap_or(1.0) * scale;
            current = None;
            any = true;
        } else {
            return None;
        }
    }
    any.then(|| total + current.unwrap_or(0.0))
}

fn word_value(token: &str) -> Option<f64> {
    const WORDS: &[(&str, f64)] = &[
        ("zero", 0.0),
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
        ("ten", 10.0),
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("thirteen", 13.0),
        ("fourteen", 14.0),
        ("fifteen", 15.0),
        ("sixteen", 16.0),
        ("seventeen", 17.0),
        ("eighteen", 18.0),
        ("nineteen", 19.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("seventy", 70.0),
        ("eighty", 80.0),
        ("ninety", 90.0),
    ];
    WORDS.iter().find(|(w, _)| *w == token).map(|&(_, v)| v)
}

/// Multipliers that follow a number: "1.5 million", "25 thousand", "3bn".
fn scale_of(token: &str) -> Option<f64> {
    Some(match token {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "million" | "m" | "mln" | "mn" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" => 1e12,
        "dozen" => 12.0,
        _ => return None,
    })
}

/// Bases of vague magnitudes: "dozens", "hundreds", "tens of thousands".
fn plural_scale_of(token: &str) -> Option<f64> {
    Some(match token {
        "tens" | "decades" | "decade" => 10.0,
        "dozens" => 12.0,
        "hundreds" => 1e2,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_the_decimals_the_text_wrote() {
        assert_eq!(as_written(131.3 * 1e6).to_string(), "131300000");
        assert_eq!(as_written(1.5 * (2.3e6 / 2.3)).to_string(), "1500000");
        assert_eq!(as_written(0.5), 0.5);
        assert_eq!(as_written(53_200_000_000.0), 53_200_000_000.0);
    }

    fn n(s: &str) -> f64 {
        parse_number(s).unwrap_or_else(|| panic!("{s:?} did not parse"))
    }

    #[test]
    fn digits_with_separators_and_decimals() {
        assert_eq!(n("25,000"), 25_000.0);
        assert_eq!(n("2,724,900"), 2_724_900.0);
        assert_eq!(n("453.5"), 453.5);
        assert_eq!(n("8000"), 8000.0);
        assert_eq!(n("1,5"), 1.5);
        assert_eq!(n("12\u{a0}500"), 12_500.0);
    }

    #[test]
    fn scale_words_and_suffixes() {
        assert_eq!(n("1.5 million"), 1_500_000.0);
        assert_eq!(n("53.2 billion"), 53_200_000_000.0);
        assert_eq!(n("1.5m"), 1_500_000.0);
        assert_eq!(n("3bn"), 3e9);
        assert_eq!(n("40 thousand"), 40_000.0);
    }

    #[test]
    fn hundred_after_hundreds_is_taken_as_written() {
        assert_eq!(n("200 hundred"), 200.0);
        assert_eq!(n("5 hundred"), 500.0);
    }

    #[test]
    fn words() {
        assert_eq!(n("two"), 2.0);
        assert_eq!(n("Thirty"), 30.0);
        assert_eq!(n("twenty-five"), 25.0);
        assert_eq!(n("a hundred"), 100.0);
        assert_eq!(n("a dozen"), 12.0);
        assert_eq!(n("three hundred and fifty"), 350.0);
        assert_eq!(n("two thousand five hundred"), 2500.0);
        assert_eq!(n("one and a half million"), 1_500_000.0);
        assert_eq!(n("half"), 0.5);
        assert_eq!(n("a couple"), 2.0);
        assert_eq!(parse_number("several"), None);
        assert_eq!(parse_number("people"), None);
    }

    #[test]
    fn vague_magnitudes_are_twice_their_base() {
        assert_eq!(vague_low("hundreds"), Some(200.0));
        assert_eq!(vague_low("Thousands"), Some(2000.0));
        assert_eq!(vague_low("dozens"), Some(24.0));
        assert_eq!(vague_low("several dozen"), Some(24.0));
        assert_eq!(vague_low("hundreds of thousands"), Some(200_000.0));
        assert_eq!(vague_low("tens of thousands"), Some(20_000.0));
        assert_eq!(vague_low("several million"), Some(2_000_000.0));
        assert_eq!(vague_low("millions"), Some(2_000_000.0));
        assert_eq!(vague_low("decades"), Some(20.0));
        assert_eq!(vague_low("many"), None);
    }

    proptest::proptest! {
        #[test]
        fn grouped_digits_round_trip(value in 0u64..10_000_000_000) {
            let mut grouped = String::new();
            let digits = value.to_string();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            proptest::prop_assert_eq!(parse_number(&grouped), Some(value as f64));
        }
    }
}
