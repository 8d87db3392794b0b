//! The number grammar: turns the number phrases that the rules captured
//! ("1.5 million", "twenty-five thousand", "hundreds of thousands", "1,5 млн",
//! "двадцать пять тысяч") into values.
//!
//! Pure functions over short strings and the word tables of
//! `rules/numbers.toml` ([`NumberWords`]), the same tables the rules' number
//! fragments are generated from. Which phrases are figures at all is decided
//! by the rules; this module only says what they are worth.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::text::is_cyrillic;

/// The number words of `rules/numbers.toml` by role: what each word is
/// worth when the grammar reads a phrase.
#[derive(Debug, Default, Clone)]
pub struct NumberWords {
    /// "five" 5, "двадцать" 20, "полтора" 1.5
    pub cardinal: BTreeMap<String, f64>,
    /// "million" 1e6, "тыс" 1e3, "m" 1e6 (a suffix glued to digits)
    pub scale: BTreeMap<String, f64>,
    /// bases of vague magnitudes: "hundreds" 100
    pub vague: BTreeMap<String, f64>,
    /// one half: "half", "половиной", "пол"
    pub half: BTreeMap<String, f64>,
    /// half of a scale in one word: "полмиллиона" 1e6
    pub half_scale: BTreeMap<String, f64>,
    /// words that stand for one before a scale: "a", "an"
    pub article: BTreeMap<String, f64>,
    /// parts of one: "third" 1/3, "quarters" 1/4, "треть" 1/3
    pub fraction: BTreeMap<String, f64>,
}

impl NumberWords {
    /// The table of a role named in `rules/numbers.toml`, or `None` for an
    /// unknown role.
    pub fn role_mut(&mut self, role: &str) -> Option<&mut BTreeMap<String, f64>> {
        Some(match role {
            "cardinal" => &mut self.cardinal,
            "scale" | "suffix" => &mut self.scale,
            "vague" => &mut self.vague,
            "half" => &mut self.half,
            "half_scale" => &mut self.half_scale,
            "article" => &mut self.article,
            "fraction" => &mut self.fraction,
            _ => return None,
        })
    }

    /// The tables of a `numbers.toml` text, for tests that need the shipped
    /// words without the whole rule set.
    #[cfg(test)]
    pub fn from_toml(text: &str) -> NumberWords {
        let roles: BTreeMap<String, BTreeMap<String, BTreeMap<String, f64>>> = toml::from_str(text).expect("numbers.toml parses");
        let mut words = NumberWords::default();
        for (role, tables) in roles {
            let table = words.role_mut(&role).expect("a known role");
            for (word, value) in tables.into_values().flatten() {
                table.insert(word, value);
            }
        }
        words
    }
}

/// How a text writes a comma between digits. English groups thousands with
/// it ("1,500" is fifteen hundred); Russian writes the decimal point with it
/// ("1,5 млн" is one and a half million) and groups thousands with spaces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Notation {
    /// "1,500" = 1500, "1.5" = 1.5; a comma before other than three digits
    /// ("1,5") is still a decimal comma.
    #[default]
    DecimalPoint,
    /// "1,5" = 1.5 and "1,234" = 1.234; only several comma groups
    /// ("1,052,100") group thousands.
    DecimalComma,
}

impl Notation {
    /// The notation of a number phrase by its context: a phrase with Cyrillic
    /// words ("1,5 млн") or standing in a sentence with more Cyrillic letters
    /// than Latin ones is Russian.
    pub fn of(phrase: &str, sentence: &str) -> Notation {
        let latin = |c: &char| c.is_ascii_alphabetic();
        let russian = phrase.chars().any(is_cyrillic)
            || sentence.chars().filter(|c| is_cyrillic(*c)).count() > sentence.chars().filter(latin).count();
        if russian {
            Notation::DecimalComma
        } else {
            Notation::DecimalPoint
        }
    }
}

/// The value of a number phrase written in `notation`: digits with
/// separators and decimals, scale words and suffixes, or numbers written as
/// words.
///
/// Returns `None` when the phrase is not a number this grammar knows.
pub fn parse_number(phrase: &str, notation: Notation, words: &NumberWords) -> Option<f64> {
    let tokens = join_digit_groups(tokenize(phrase, words));
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let (first, rest) = tokens.split_first()?;
    // "27.000 Belarusians", "1.234.567": dots that group thousands, as in
    // much of Europe; "1.500 million" with a scale is a decimal.
    let grouped_with_dots = is_grouped_with_dots(first) && (first.matches('.').count() > 1 || rest.is_empty());
    let digits = if grouped_with_dots { first.replace('.', "").parse().ok() } else { parse_digits(first, notation) };
    match digits {
        Some(digits) => apply_scales(digits, rest, words),
        None => parse_words(&tokens, words),
    }
}

/// Dots that group thousands: a first group of one to three digits, not 0,
/// and every group after it of three.
fn is_grouped_with_dots(token: &str) -> bool {
    let mut groups = token.split('.');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && digits(first)
        && !first.starts_with('0')
        && rest.iter().all(|g| g.len() == 3 && digits(g))
}

/// The scale a number phrase ends with ("10 million" 1e6, "1,5 млн" 1e6,
/// "3bn" 1e9), which a list of bare numbers before it shares ("5, 7 and 10
/// million"); `None` for a phrase without one.
pub fn trailing_scale(phrase: &str, words: &NumberWords) -> Option<f64> {
    let tokens = join_digit_groups(tokenize(phrase, words));
    match tokens.as_slice() {
        [.., before, last] if !words.scale.contains_key(before) => words.scale.get(last).copied(),
        _ => None,
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

/// The part of one that a fraction phrase names: "a third" 1/3,
/// "two-thirds" 2/3, "half" 1/2, "три четверти" 3/4, "3/4", "one in four"
/// 1/4. `None` for anything else, and for a "fraction" of one or more
/// ("5/4", "24/7"), which is no part of a group.
pub fn parse_fraction(phrase: &str, words: &NumberWords) -> Option<f64> {
    let fraction = match phrase.split_once('/') {
        Some((numerator, denominator)) => numerator.trim().parse::<f64>().ok()? / denominator.trim().parse::<f64>().ok()?,
        None => {
            let tokens = tokenize(phrase, words);
            match tokens.iter().position(|t| t == "in") {
                // "one in four", "one in every ten", "1 in 5"
                Some(at) => {
                    let count = |part: &[String]| {
                        let part: Vec<&str> = part.iter().map(String::as_str).filter(|t| *t != "every").collect();
                        parse_number(&part.join(" "), Notation::DecimalPoint, words)
                    };
                    count(&tokens[..at])? / count(&tokens[at + 1..])?
                }
                None => {
                    let (last, parts) = tokens.split_last()?;
                    let part = *words.fraction.get(last)?;
                    let parts = match parts {
                        [] => 1.0,
                        [one] if words.article.contains_key(one) => 1.0,
                        _ => parse_number(&parts.join(" "), Notation::DecimalPoint, words)?,
                    };
                    parts * part
                }
            }
        }
    };
    (fraction > 0.0 && fraction < 1.0).then_some(fraction)
}

/// The lower bound a vague magnitude implies: twice its base ("hundreds" →
/// 200, "several dozen" → 24, "hundreds of thousands" → 200,000, "decades" → 2,
/// "десятки тысяч" → 20,000).
pub fn vague_low(phrase: &str, words: &NumberWords) -> Option<f64> {
    let mut base = 1.0;
    let mut found = false;
    for token in tokenize(phrase, words) {
        if let Some(&scale) = words.scale.get(&token).or_else(|| words.vague.get(&token)) {
            base *= scale;
            found = true;
        }
    }
    found.then_some(2.0 * base)
}

impl NumberWords {
    /// Whether a lower-case word is a number word of any table ("миллиона",
    /// "twenty", "тысяч").
    pub fn knows(&self, word: &str) -> bool {
        [&self.cardinal, &self.scale, &self.vague, &self.half, &self.half_scale, &self.fraction].iter().any(|t| t.contains_key(word))
    }
}

/// The byte spans of line-end hyphenation inside number words: the hyphen
/// (or "¬"), the line break and the spaces after it, where the two parts of
/// the word make a number word ("миллио-\nна", "mil-\nlion"). A hyphen
/// between two words ("twenty-\nfive") is not one of them. So is a "¬" left
/// inside a number word without its line break ("миллио¬на").
pub fn broken_words(text: &str, words: &NumberWords) -> Vec<Range<usize>> {
    // Whether the letters before `head_end` and after `tail_start` make a
    // number word together.
    let rejoined = |head_end: usize, tail_start: usize| {
        let head_start = text[..head_end].char_indices().rev().take_while(|(_, c)| c.is_alphabetic()).last().map_or(head_end, |(i, _)| i);
        let tail_end = text[tail_start..].find(|c: char| !c.is_alphabetic()).map_or(text.len(), |i| tail_start + i);
        head_start != head_end
            && tail_start != tail_end
            && words.knows(&format!("{}{}", &text[head_start..head_end], &text[tail_start..tail_end]).to_lowercase())
    };
    let mut found = Vec::new();
    for (newline, _) in text.match_indices('\n') {
        let before = text[..newline].trim_end_matches('\r');
        let Some(hyphen) = before.chars().next_back().filter(|c| matches!(c, '-' | '¬' | '\u{ad}')) else { continue };
        let head_end = before.len() - hyphen.len_utf8();
        let tail_start = newline + 1 + (text[newline + 1..].len() - text[newline + 1..].trim_start_matches([' ', '\t']).len());
        if rejoined(head_end, tail_start) {
            found.push(head_end..tail_start);
        }
    }
    // A "¬" left inside a word where a line once ended ("миллио¬на"): the
    // two parts are one word when together they make a number word.
    for (at, mark) in text.match_indices('¬') {
        if rejoined(at, at + mark.len()) {
            found.push(at..at + mark.len());
        }
    }
    found.sort_by_key(|r| r.start);
    found
}

/// Lower-cased words and numerals; hyphens and all kinds of spaces separate,
/// a suffix glued to digits ("1.5m", "10bn") becomes its own token.
fn tokenize(phrase: &str, words: &NumberWords) -> Vec<String> {
    // Invisible characters (a zero-width space in "1,\u{200b}000") and a
    // line-end hyphen inside a word ("миллио-\nна") are not part of a number.
    let mut joined = String::with_capacity(phrase.len());
    let mut at = 0;
    for broken in broken_words(phrase, words) {
        joined.push_str(&phrase[at..broken.start]);
        at = broken.end;
    }
    joined.push_str(&phrase[at..]);
    let lowered = crate::text::without_invisible(&joined).to_lowercase();
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

/// Digit groups that a plain space or a line break split ("12 500",
/// "12\n500"): a token of one to three digits followed by tokens of exactly
/// three (the last may carry decimals) is one number. The rules decide when
/// such a phrase is one number; here it only gets its value.
fn join_digit_groups(tokens: Vec<String>) -> Vec<String> {
    let is_lead = |t: &str| (1..=3).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit());
    let is_group = |t: &str| {
        let (int, decimals) = t.split_once(['.', ',']).unwrap_or((t, "0"));
        int.len() == 3 && int.chars().all(|c| c.is_ascii_digit()) && decimals.chars().all(|c| c.is_ascii_digit())
    };
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut open_group = false;
    for token in tokens {
        match out.last_mut() {
            Some(last) if open_group && is_group(&token) => {
                last.push_str(&token);
                open_group = !token.contains(['.', ',']);
            }
            _ => {
                open_group = is_lead(&token);
                out.push(token);
            }
        }
    }
    out
}

/// "25,000" → 25000; "1.5" → 1.5; "1,5" (a decimal comma) → 1.5; "1,234" →
/// 1234 in English notation, 1.234 in Russian.
fn parse_digits(token: &str, notation: Notation) -> Option<f64> {
    if !token.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let token: String = token.chars().filter(|&c| !is_group_space(c)).collect();
    let single_comma = token.matches(',').count() == 1 && !token.contains('.');
    let plain = match notation {
        Notation::DecimalComma if single_comma => token.replace(',', "."),
        _ if is_grouped_with_commas(&token) => token.replace(',', ""),
        _ if single_comma => token.replace(',', "."),
        _ => token,
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

/// Digits with the scales after them. A second group of digits with a
/// smaller scale adds to the first: "1 млн 200 тыс." is 1,200,000.
fn apply_scales(first: f64, rest: &[&str], words: &NumberWords) -> Option<f64> {
    let (mut total, mut value, mut scale) = (0.0, first, 1.0);
    let mut previous_scale = f64::INFINITY;
    for token in rest {
        if let Some(digits) = parse_digits(token, Notation::DecimalComma) {
            if scale >= previous_scale || scale == 1.0 {
                return None;
            }
            total += value * scale;
            (value, previous_scale, scale) = (digits, scale, 1.0);
            continue;
        }
        let factor = *words.scale.get(*token)?;
        // "200 hundred": a writer who puts "hundred" after a number of
        // hundreds means the number as written, not 20,000.
        if factor == 100.0 && value * scale >= 100.0 {
            continue;
        }
        scale *= factor;
    }
    (scale < previous_scale).then_some(total + value * scale)
}

/// Words that join the parts of a number in words without adding to it:
/// "one and a half", "a couple of dozen", "три с половиной".
fn is_joint(token: &str) -> bool {
    matches!(token, "and" | "of" | "с")
}

/// Numbers in words: English ("a hundred", "a dozen", "one and a half
/// million", "a couple of dozen", "half a") and Russian ("двадцать пять
/// тысяч", "полтора миллиона", "три с половиной тысячи", "пол"). A scale
/// below a thousand multiplies the group it ends ("three hundred"); a larger
/// one closes it ("two thousand five hundred").
fn parse_words(tokens: &[&str], words: &NumberWords) -> Option<f64> {
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    let mut any = false;
    for (i, token) in tokens.iter().enumerate() {
        let scale = words.scale.get(*token).copied();
        if let Some(&half_of) = words.half_scale.get(*token) {
            total += 0.5 * half_of;
            any = true;
        } else if let (Some(scale), Some(value)) = (scale, current) {
            if scale < 1000.0 {
                current = Some(value * scale);
            } else {
                total += value * scale;
                current = None;
            }
            any = true;
        } else if let Some(&n) = words.cardinal.get(*token) {
            current = Some(current.unwrap_or(0.0) + n);
            any = true;
        } else if let Some(&half) = words.half.get(*token) {
            current = Some(current.unwrap_or(0.0) + half);
            any = true;
        } else if let Some(&part) = words.fraction.get(*token) {
            // "a quarter of a million", "three quarters of a million"
            current = Some(current.unwrap_or(1.0) * part);
            any = true;
        } else if let Some(&one) = words.article.get(*token) {
            // "a hundred", "a dozen": the article is the number one before a
            // scale, unless a number is already under way ("half a million").
            let before_scale = tokens.get(i + 1).is_some_and(|next| words.scale.contains_key(*next));
            if before_scale && current.is_none() {
                current = Some(one);
            }
        } else if is_joint(token) {
            continue;
        } else if let Some(scale) = scale {
            total += scale;
            any = true;
        } else {
            return None;
        }
    }
    any.then(|| total + current.unwrap_or(0.0))
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

    fn shipped() -> NumberWords {
        NumberWords::from_toml(include_str!("../rules/numbers.toml"))
    }

    fn n(s: &str) -> f64 {
        parse_number(s, Notation::DecimalPoint, &shipped()).unwrap_or_else(|| panic!("{s:?} did not parse"))
    }

    fn ru(s: &str) -> f64 {
        parse_number(s, Notation::DecimalComma, &shipped()).unwrap_or_else(|| panic!("{s:?} did not parse"))
    }

    fn vague_low(s: &str) -> Option<f64> {
        super::vague_low(s, &shipped())
    }

    #[test]
    fn digits_with_separators_and_decimals() {
        assert_eq!(n("25,000"), 25_000.0);
        assert_eq!(n("2,724,900"), 2_724_900.0);
        assert_eq!(n("453.5"), 453.5);
        assert_eq!(n("8000"), 8000.0);
        assert_eq!(n("1,5"), 1.5);
        assert_eq!(n("12\u{a0}500"), 12_500.0);
        assert_eq!(n("12\u{202f}500"), 12_500.0);
        assert_eq!(n("1\u{2009}052\u{2009}100"), 1_052_100.0);
    }

    #[test]
    fn dots_may_group_thousands_but_not_before_a_scale() {
        assert_eq!(n("27.000"), 27_000.0);
        assert_eq!(ru("1.234.567"), 1_234_567.0);
        assert_eq!(n("1.500 million"), 1_500_000.0);
        assert_eq!(n("0.250"), 0.25);
        assert_eq!(n("3.25"), 3.25);
    }

    #[test]
    fn groups_split_by_a_plain_space_or_a_line_break_are_one_number() {
        assert_eq!(n("12 500"), 12_500.0);
        assert_eq!(n("12\n500"), 12_500.0);
        assert_eq!(n("1 052 100"), 1_052_100.0);
        assert_eq!(ru("2 500,5"), 2500.5);
        assert_eq!(n("12 500 thousand"), 12_500_000.0);
    }

    #[test]
    fn the_notation_decides_what_a_comma_is() {
        assert_eq!(n("1,234"), 1234.0);
        assert_eq!(ru("1,234"), 1.234);
        assert_eq!(n("1,5"), 1.5);
        assert_eq!(ru("1,5"), 1.5);
        assert_eq!(ru("1,052,100"), 1_052_100.0);
        assert_eq!(Notation::of("1,5 млн", "It cost 1,5 млн."), Notation::DecimalComma);
        assert_eq!(Notation::of("1,234", "Погибли 1,234 человек."), Notation::DecimalComma);
        assert_eq!(Notation::of("1,234", "They counted 1,234 graves."), Notation::DecimalPoint);
    }

    #[test]
    fn russian_scales_and_words() {
        assert_eq!(ru("25 тысяч"), 25_000.0);
        assert_eq!(ru("1,5 млн"), 1_500_000.0);
        assert_eq!(ru("3 тыс."), 3000.0);
        assert_eq!(ru("2 млрд"), 2e9);
        assert_eq!(ru("1 млн 200 тыс."), 1_200_000.0);
        assert_eq!(ru("полтора миллио-\nна"), 1_500_000.0);
        assert_eq!(n("two mil-\n  lion"), 2_000_000.0);
        assert_eq!(ru("три тыся¬\nчи"), 3000.0);
        assert_eq!(ru("два миллио¬на"), 2_000_000.0);
        assert_eq!(ru("три тыся\u{ad}чи"), 3000.0);
        assert_eq!(broken_words("Казах¬стан", &shipped()), Vec::<Range<usize>>::new());
        assert_eq!(broken_words("twenty-\nfive", &shipped()), Vec::<Range<usize>>::new());
        assert_eq!(n("2 million 300 thousand"), 2_300_000.0);
        assert_eq!(n("5 mln"), 5e6);
        assert_eq!(n("5 hundred thousand"), 500_000.0);
        assert_eq!(parse_number("2 thousand 300 million", Notation::DecimalPoint, &shipped()), None);
        assert_eq!(ru("двадцать пять тысяч"), 25_000.0);
        assert_eq!(ru("сто пятьдесят"), 150.0);
        assert_eq!(ru("двухсот"), 200.0);
        assert_eq!(ru("две тысячи пятьсот"), 2500.0);
        assert_eq!(ru("полтора миллиона"), 1_500_000.0);
        assert_eq!(ru("три с половиной тысячи"), 3500.0);
        assert_eq!(ru("пол"), 0.5);
        assert_eq!(ru("тысяча"), 1000.0);
        assert_eq!(ru("тысячи"), 1000.0);
        assert_eq!(ru("десятка"), 10.0);
        assert_eq!(ru("трёх"), 3.0);
        assert_eq!(ru("пяти"), 5.0);
        assert_eq!(ru("двое"), 2.0);
        assert_eq!(ru("пару десятков"), 20.0);
        assert_eq!(ru("полумиллиона"), 500_000.0);
        assert_eq!(parse_number("человек", Notation::DecimalComma, &shipped()), None);
    }

    #[test]
    fn scale_words_and_suffixes() {
        assert_eq!(n("1.5 million"), 1_500_000.0);
        assert_eq!(n("53.2 billion"), 53_200_000_000.0);
        assert_eq!(n("1.5m"), 1_500_000.0);
        assert_eq!(n("3bn"), 3e9);
        assert_eq!(n("40 thousand"), 40_000.0);
        assert_eq!(trailing_scale("10 million", &shipped()), Some(1e6));
        assert_eq!(trailing_scale("1,5 млн", &shipped()), Some(1e6));
        assert_eq!(trailing_scale("3bn", &shipped()), Some(1e9));
        assert_eq!(trailing_scale("ten", &shipped()), None);
        assert_eq!(trailing_scale("twenty-five", &shipped()), None);
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
        assert_eq!(n("a couple of dozen"), 24.0);
        assert_eq!(n("two and a half"), 2.5);
        assert_eq!(n("half a million"), 500_000.0);
        assert_eq!(n("half a dozen"), 6.0);
        assert_eq!(parse_number("several", Notation::DecimalPoint, &shipped()), None);
        assert_eq!(parse_number("people", Notation::DecimalPoint, &shipped()), None);
    }

    #[test]
    fn fractions_are_parts_of_one() {
        let fraction = |s: &str| parse_fraction(s, &shipped()).map(|f| (f * 1e6).round() / 1e6);
        assert_eq!(fraction("a third"), Some(0.333333));
        assert_eq!(fraction("two-thirds"), Some(0.666667));
        assert_eq!(fraction("Half"), Some(0.5));
        assert_eq!(fraction("three quarters"), Some(0.75));
        assert_eq!(fraction("one in four"), Some(0.25));
        assert_eq!(fraction("one in every ten"), Some(0.1));
        assert_eq!(fraction("1 in 5"), Some(0.2));
        assert_eq!(fraction("3/4"), Some(0.75));
        assert_eq!(fraction("Три четверти"), Some(0.75));
        assert_eq!(fraction("треть"), Some(0.333333));
        assert_eq!(fraction("24/7"), None);
        assert_eq!(fraction("five quarters"), None);
        assert_eq!(fraction("people"), None);
        assert_eq!(n("a quarter of a million"), 250_000.0);
        assert_eq!(n("three quarters of a million"), 750_000.0);
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
        // two or more decades: the unit (decades of 10 years) multiplies it
        assert_eq!(vague_low("decades"), Some(2.0));
        assert_eq!(vague_low("many"), None);
        assert_eq!(vague_low("десятки тысяч"), Some(20_000.0));
        assert_eq!(vague_low("сотни"), Some(200.0));
        assert_eq!(vague_low("несколько тысяч"), Some(2000.0));
        assert_eq!(vague_low("несколько десятков"), Some(20.0));
        assert_eq!(vague_low("сотен тысяч"), Some(200_000.0));
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
            let words = NumberWords::default();
            proptest::prop_assert_eq!(parse_number(&grouped, Notation::DecimalPoint, &words), Some(value as f64));
            proptest::prop_assert_eq!(parse_number(&grouped.replace(',', " "), Notation::DecimalComma, &words), Some(value as f64));
        }
    }
}
