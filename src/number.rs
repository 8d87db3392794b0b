//! The number grammar: turns the number phrases that the rules captured
//! ("1.5 million", "twenty-five thousand", "hundreds of thousands", "1,5 млн",
//! "двадцать пять тысяч") into values.
//!
//! Pure functions over short strings. Which phrases are figures at all is
//! decided by the rules (`rules/`); this module only says what they are worth.

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
        let cyrillic = |c: &char| matches!(c, '\u{400}'..='\u{4ff}');
        let latin = |c: &char| c.is_ascii_alphabetic();
        let russian = phrase.chars().any(|c| cyrillic(&c))
            || sentence.chars().filter(cyrillic).count() > sentence.chars().filter(latin).count();
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
pub fn parse_number(phrase: &str, notation: Notation) -> Option<f64> {
    let tokens = join_digit_groups(tokenize(phrase));
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let (first, rest) = tokens.split_first()?;
    match parse_digits(first, notation) {
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
/// 200, "several dozen" → 24, "hundreds of thousands" → 200,000, "decades" → 20,
/// "десятки тысяч" → 20,000).
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

/// Numbers in words: English ("a hundred", "a dozen", "one and a half
/// million", "a couple of dozen", "half a") and Russian ("двадцать пять
/// тысяч", "полтора миллиона", "три с половиной тысячи", "пол").
fn parse_words(tokens: &[&str]) -> Option<f64> {
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    let mut any = false;
    for (i, token) in tokens.iter().enumerate() {
        if let Some(scale) = HALF_SCALES.iter().find(|(w, _)| w == token).map(|&(_, s)| s) {
            total += 0.5 * scale;
            any = true;
        } else if *token == "couple" {
            current = Some(2.0);
            any = true;
        } else if let Some(n) = word_value(token) {
            current = Some(current.unwrap_or(0.0) + n);
            any = true;
        } else if HALVES.contains(token) {
            current = Some(current.unwrap_or(0.0) + 0.5);
            any = true;
        } else if matches!(*token, "a" | "an") {
            // "a hundred", "a dozen": the article is the number one, unless a
            // half follows it ("one and a half").
            if tokens.get(i + 1) != Some(&"half") && current.is_none() {
                current = Some(1.0);
            }
        } else if matches!(*token, "and" | "of" | "с") {
            // "one and a half", "a couple of dozen", "три с половиной"
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

/// Words for one half: "half a day", "три с половиной", "пол" in "полгода".
const HALVES: &[&str] = &["half", "половиной", "пол"];

/// Half a scale in one Russian word: "полмиллиона", "около полумиллиона".
const HALF_SCALES: &[(&str, f64)] = &[
    ("полтысячи", 1e3),
    ("полутысячи", 1e3),
    ("полмиллиона", 1e6),
    ("полумиллиона", 1e6),
    ("полмиллиарда", 1e9),
    ("полумиллиарда", 1e9),
];

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
    WORDS.iter().find(|(w, _)| *w == token).map(|&(_, v)| v).or_else(|| russian_word_value(token))
}

/// Russian cardinals in the cases a count takes ("пять", "пяти", "двух",
/// "двухсот"), "полтора" and the nouns "десяток" and "сотня" ("более сотни").
fn russian_word_value(token: &str) -> Option<f64> {
    const WORDS: &[(&[&str], f64)] = &[
        (&["ноль", "нуля"], 0.0),
        (&["один", "одна", "одно", "одного", "одной", "одному", "одним", "одну"], 1.0),
        (&["полтора", "полторы", "полутора"], 1.5),
        (&["два", "две", "двух", "двум", "двумя", "пара", "пару", "пары"], 2.0),
        (&["три", "трёх", "трех", "трём", "трем", "тремя"], 3.0),
        (&["четыре", "четырёх", "четырех", "четырём", "четырем", "четырьмя"], 4.0),
        (&["пять", "пяти"], 5.0),
        (&["шесть", "шести"], 6.0),
        (&["семь", "семи"], 7.0),
        (&["восемь", "восьми"], 8.0),
        (&["девять", "девяти"], 9.0),
        (&["десять", "десяти", "десяток", "десятка"], 10.0),
        (&["одиннадцать", "одиннадцати"], 11.0),
        (&["двенадцать", "двенадцати"], 12.0),
        (&["тринадцать", "тринадцати"], 13.0),
        (&["четырнадцать", "четырнадцати"], 14.0),
        (&["пятнадцать", "пятнадцати"], 15.0),
        (&["шестнадцать", "шестнадцати"], 16.0),
        (&["семнадцать", "семнадцати"], 17.0),
        (&["восемнадцать", "восемнадцати"], 18.0),
        (&["девятнадцать", "девятнадцати"], 19.0),
        (&["двадцать", "двадцати"], 20.0),
        (&["тридцать", "тридцати"], 30.0),
        (&["сорок", "сорока"], 40.0),
        (&["пятьдесят", "пятидесяти"], 50.0),
        (&["шестьдесят", "шестидесяти"], 60.0),
        (&["семьдесят", "семидесяти"], 70.0),
        (&["восемьдесят", "восьмидесяти"], 80.0),
        (&["девяносто", "девяноста"], 90.0),
        (&["сто", "ста", "сотня", "сотни", "сотню"], 100.0),
        (&["двести", "двухсот"], 200.0),
        (&["триста", "трёхсот", "трехсот"], 300.0),
        (&["четыреста", "четырёхсот", "четырехсот"], 400.0),
        (&["пятьсот", "пятисот"], 500.0),
        (&["шестьсот", "шестисот"], 600.0),
        (&["семьсот", "семисот"], 700.0),
        (&["восемьсот", "восьмисот"], 800.0),
        (&["девятьсот", "девятисот"], 900.0),
        // collective numerals, which count people: "двое детей"
        (&["двое", "двоих"], 2.0),
        (&["трое", "троих"], 3.0),
        (&["четверо", "четверых"], 4.0),
        (&["пятеро", "пятерых"], 5.0),
        (&["шестеро", "шестерых"], 6.0),
        (&["семеро", "семерых"], 7.0),
        (&["восьмеро"], 8.0),
        (&["девятеро"], 9.0),
        (&["десятеро"], 10.0),
    ];
    WORDS.iter().find(|(forms, _)| forms.contains(&token)).map(|&(_, v)| v)
}

/// Multipliers that follow a number: "1.5 million", "25 thousand", "3bn",
/// "25 тысяч", "1,5 млн".
fn scale_of(token: &str) -> Option<f64> {
    Some(match token {
        "hundred" => 1e2,
        "thousand" | "k" | "тысяча" | "тысячи" | "тысяч" | "тысячу" | "тысячей" | "тысячам" | "тысячами" | "тыс" => 1e3,
        "million" | "m" | "mln" | "mn" | "миллион" | "миллиона" | "миллионов" | "миллионам" | "млн" => 1e6,
        "billion" | "bn" | "b" | "миллиард" | "миллиарда" | "миллиардов" | "млрд" => 1e9,
        "trillion" | "tn" | "триллион" | "триллиона" | "триллионов" | "трлн" => 1e12,
        "dozen" => 12.0,
        // "пару десятков", "пять сотен"
        "десятков" => 10.0,
        "сотен" => 1e2,
        _ => return None,
    })
}

/// Bases of vague magnitudes: "dozens", "hundreds", "tens of thousands",
/// "десятки", "сотни тысяч".
fn plural_scale_of(token: &str) -> Option<f64> {
    Some(match token {
        "tens" | "decades" | "decade" | "десятки" | "десятков" | "десятками" => 10.0,
        "dozens" => 12.0,
        "hundreds" | "сотни" | "сотен" | "сотнями" => 1e2,
        "thousands" => 1e3,
        "millions" | "миллионы" => 1e6,
        "billions" | "миллиарды" => 1e9,
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
        parse_number(s, Notation::DecimalPoint).unwrap_or_else(|| panic!("{s:?} did not parse"))
    }

    fn ru(s: &str) -> f64 {
        parse_number(s, Notation::DecimalComma).unwrap_or_else(|| panic!("{s:?} did not parse"))
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
        assert_eq!(parse_number("человек", Notation::DecimalComma), None);
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
        assert_eq!(n("a couple of dozen"), 24.0);
        assert_eq!(n("two and a half"), 2.5);
        assert_eq!(n("half a million"), 500_000.0);
        assert_eq!(n("half a dozen"), 6.0);
        assert_eq!(parse_number("several", Notation::DecimalPoint), None);
        assert_eq!(parse_number("people", Notation::DecimalPoint), None);
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
            proptest::prop_assert_eq!(parse_number(&grouped, Notation::DecimalPoint), Some(value as f64));
            proptest::prop_assert_eq!(parse_number(&grouped.replace(',', " "), Notation::DecimalComma), Some(value as f64));
        }
    }
}
