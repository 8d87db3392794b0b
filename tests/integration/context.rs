//! Pins the figure-context rules (measure, place, period, attributed_to) on
//! sentences written for these tests, not taken from the corpus: the list
//! case where each number gets its own place, and a Russian sentence.

use anyhow::Result;

use crate::common::{field, figure, publish_written, read_csv, Row, Table};

const TEXT: &str = "\
In 1950-1952, more than 2,000 teachers were arrested in Kyrgyzstan, about 500 in Uzbekistan, \
and some 300 in Tajikistan, according to the State Archive.

The famine lasted for years. During the 1940s, 40,000 herders perished in Kazakhstan, the historian Aida Bek said.

В 2019 году в Казахстане были задержаны более 200 человек.
";

/// Publishes `TEXT` as a one-document corpus and reads its figures back.
fn published_figures() -> Result<Table> {
    let (_dir, out) = publish_written(&[("written.txt", TEXT)])?;
    read_csv(&out.join("figures.csv"))
}

fn context(row: &Row) -> [&str; 5] {
    [
        field(row, "measure"),
        field(row, "place"),
        field(row, "period_start"),
        field(row, "period_end"),
        field(row, "attributed_to"),
    ]
}

#[test]
fn each_number_of_a_list_gets_its_own_place_and_the_shared_context() -> Result<()> {
    let figures = published_figures()?;

    assert_eq!(
        context(figure(&figures, "more than 2,000")),
        ["arrested", "Kyrgyzstan", "1950", "1952", "State Archive"]
    );
    assert_eq!(context(figure(&figures, "about 500")), ["arrested", "Uzbekistan", "1950", "1952", "State Archive"]);
    assert_eq!(context(figure(&figures, "some 300")), ["arrested", "Tajikistan", "1950", "1952", "State Archive"]);
    Ok(())
}

#[test]
fn decades_said_by_a_named_source_and_a_russian_sentence() -> Result<()> {
    let figures = published_figures()?;

    let herders = figure(&figures, "40,000");
    assert_eq!(context(herders), ["died", "Kazakhstan", "1940", "1949", "Aida Bek"]);
    assert_eq!(field(herders, "unit"), "person");

    let detained = figure(&figures, "более 200");
    assert_eq!(context(detained), ["arrested", "Kazakhstan", "2019", "2019", ""]);
    assert_eq!(field(detained, "qualifier"), "more_than");
    assert_eq!(field(detained, "unit"), "person");
    Ok(())
}

/// Sentences written for the rules added for grammar beyond the nearest
/// word: origins and destinations, asides, clauses, lists of fates, parts of
/// a whole, reported speech and a transcript's speakers. The manifest dates
/// the report to 2023, and its first paragraph names that year.
const REPORT: &str = "\
Protests spread to 30 cities in February 2023.

Police detained 140 protesters on the second day. The country has 19 million inhabitants. \
Some 5,000 people were shot there during the Stalin era.

In 1994, some 600 soldiers from Russia and Armenia were sent to Tajikistan. \
The committee interviewed 12 refugees from Afghanistan.

The famine of the 1930s struck Kostanay hardest. \
The writer Ivan Karpov, who was arrested in 1938 in Moscow, put the toll at about 9,000 victims.

In 2021 the fund paid out $3 million ($1.2 million in 2019), mostly to survivors.

Within the last 20 years, 45 memorials were built in Kazakhstan and, in 2015, a museum opened there.

Since 2016, the courts have rehabilitated 350 people.

Officials confirmed the deaths of 75 people, including 9 children.

The new reserve covers 4,000 square kilometers, an area bigger than Moscow.

Between 1930 and 1933, 5,300 peasants were arrested, deported or shot.

The rioters looted 14 shops and killed 3 guards.

Unrest in the Mangistau region of western Kazakhstan left 16 dead.

At least 60 graves remain unmarked, said Aigerim Sadykova of Almaty, who leads a memorial society.

After two months, Minister Daulet Aliyev announced that 300 files had been opened.

Data from the regional archive shows that in 1944, 1,200 families were deported. Another 80 died on the way.

The mining company Ore Holdings Ltd. grew fast. According to the company’s annual report, its profit rose to $40 million.

Look at the Bloomberg list of billionaires. His fortune grew by $500 million.

Maria Lopez (ML): We waited at the station. The police released 40 of us at night.

Погибли 230 человек, в том числе 19 детей.
";

/// Publishes `REPORT` with a manifest row that dates it, and reads its figures back.
fn report_figures() -> Result<Table> {
    let manifest = "doc_id,file,title,publisher,author,published,language,license_note\n\
                    report,report.txt,A written report,,,2023-03,en;ru,\n";
    let (_dir, out) = publish_written(&[("report.txt", REPORT), ("sources.csv", manifest)])?;
    read_csv(&out.join("figures.csv"))
}

#[test]
fn an_undated_event_figure_takes_the_year_of_a_report_on_its_own_time() -> Result<()> {
    let figures = report_figures()?;

    assert_eq!(context(figure(&figures, "140")), ["arrested", "Kazakhstan", "2023", "2023", ""]);
    // A population is not dated by a report, nor a figure the sentence dates by an era.
    assert_eq!(context(figure(&figures, "19 million"))[..4], ["population", "Kazakhstan", "", ""]);
    assert_eq!(context(figure(&figures, "Some 5,000"))[..4], ["executed", "Kazakhstan", "", ""]);
    // An open span runs to the year of publication.
    assert_eq!(context(figure(&figures, "350"))[..4], ["rehabilitated", "Kazakhstan", "2016", "2023"]);
    Ok(())
}

#[test]
fn a_place_after_from_is_an_origin_unless_no_other_place_is_named() -> Result<()> {
    let figures = report_figures()?;

    assert_eq!(context(figure(&figures, "some 600")), ["troops", "Tajikistan", "1994", "1994", ""]);
    assert_eq!(field(figure(&figures, "12"), "place"), "Afghanistan");
    // "of western Kazakhstan" only says where the region lies.
    assert_eq!(field(figure(&figures, "16"), "place"), "Mangistau Region");
    // A place the text compares with is not where the figure is.
    assert_eq!(field(figure(&figures, "4,000 square kilometers"), "place"), "Kazakhstan");
    Ok(())
}

#[test]
fn a_relative_clause_or_bracket_speaks_of_its_own_subject() -> Result<()> {
    let figures = report_figures()?;

    // The year and city of the arrest are the writer's; the toll takes the
    // paragraph's decade and place.
    assert_eq!(context(figure(&figures, "about 9,000")), ["victims", "Kostanay", "1930", "1939", "Ivan Karpov"]);
    assert_eq!(context(figure(&figures, "$3 million"))[2..4], ["2021", "2021"]);
    assert_eq!(context(figure(&figures, "$1.2 million"))[2..4], ["2019", "2019"]);
    // The year of another clause after the number is not its year, and a
    // length of years has no single year.
    assert_eq!(context(figure(&figures, "45"))[..4], ["other", "Kazakhstan", "", ""]);
    assert_eq!(context(figure(&figures, "20 years"))[2..4], ["", ""]);
    Ok(())
}

#[test]
fn what_governs_the_number_and_what_it_is_part_of_decide_its_measure() -> Result<()> {
    let figures = report_figures()?;

    assert_eq!(field(figure(&figures, "75"), "measure"), "killed");
    assert_eq!(field(figure(&figures, "9"), "measure"), "killed");
    assert_eq!(field(figure(&figures, "5,300"), "measure"), "victims");
    assert_eq!(field(figure(&figures, "14"), "measure"), "other");
    assert_eq!(field(figure(&figures, "3"), "measure"), "killed");
    assert_eq!(field(figure(&figures, "230"), "measure"), "died");
    assert_eq!(field(figure(&figures, "19"), "measure"), "died");
    Ok(())
}

#[test]
fn sources_after_the_figure_speakers_and_reported_speech() -> Result<()> {
    let figures = report_figures()?;

    let graves = figure(&figures, "At least 60");
    assert_eq!(field(graves, "attributed_to"), "Aigerim Sadykova");
    assert_eq!(field(graves, "place"), "Kazakhstan", "the speaker's city is not where the graves are");
    assert_eq!(field(figure(&figures, "two months"), "attributed_to"), "", "the announcement reports what follows it");
    assert_eq!(field(figure(&figures, "300"), "attributed_to"), "Minister Daulet Aliyev");
    assert_eq!(field(figure(&figures, "40"), "attributed_to"), "Maria Lopez");
    Ok(())
}

#[test]
fn sources_named_by_their_data_a_list_or_an_owner_speak_for_their_paragraph() -> Result<()> {
    let figures = report_figures()?;

    assert_eq!(context(figure(&figures, "1,200")), ["exiled", "Kazakhstan", "1944", "1944", "regional archive"]);
    assert_eq!(field(figure(&figures, "80"), "attributed_to"), "regional archive", "named earlier in the paragraph");
    assert_eq!(field(figure(&figures, "$40 million"), "attributed_to"), "Ore Holdings Ltd. annual report");
    assert_eq!(field(figure(&figures, "$500 million"), "attributed_to"), "Bloomberg");
    Ok(())
}

/// A text written for context beyond the sentence: a heading that names a
/// place and years, a text that tells of one time, dates without their year,
/// weekdays in a news report, reported speech, sources named before, people
/// moved from one place to another, and counts that name no noun.
const SECTIONS: &str = "\
The Deportation of 1944

In February 1944 the villages of Chechnya were emptied. The NKVD deported 400,000 people \
from Chechnya to Kazakhstan. Over 100,000 perished on the way.

Testimony from Grozny:

We were given 15 minutes. Soldiers took seven of our neighbours first.
";

const NEWS: &str = "\
Police held hundreds in Minsk

On Sunday police detained over 300 protesters in Minsk. According to human rights group Viasna, \
40 people are still in custody. Another 12 were released later, it said.

On March 3, 2020, troops entered the square. On March 4, 200 were arrested there.

Another 35 were held in Brest, Vitebsk and Gomel.

On Monday the ministry announced that 5,000 files from 1937 would be opened. \
1000 people signed the letter every hour.
";

fn sections_and_news() -> Result<Table> {
    let manifest = "doc_id,file,title,publisher,author,published,language,license_note\n\
                    sections,sections.txt,Deportation,,,2014,en,\n\
                    news,news.txt,Minsk,,,2020-09-21,en,\n";
    let (_dir, out) = publish_written(&[("sections.txt", SECTIONS), ("news.txt", NEWS), ("sources.csv", manifest)])?;
    read_csv(&out.join("figures.csv"))
}

#[test]
fn a_text_that_tells_of_one_time_and_a_section_heading_set_the_context_of_their_figures() -> Result<()> {
    let figures = sections_and_news()?;
    // The year of the text's first paragraph dates figures that name none;
    // people deported are counted where they were taken from.
    assert_eq!(context(figure(&figures, "400,000")), ["exiled", "Chechnya", "1944", "1944", ""]);
    // "perished" after a bare number: it counts people.
    let perished = figure(&figures, "Over 100,000");
    assert_eq!((field(perished, "unit"), field(perished, "measure")), ("person", "died"));
    assert_eq!(field(perished, "period_start"), "1944");
    // A section headed "Testimony from Grozny:" is set in Grozny.
    assert_eq!(field(figure(&figures, "seven"), "place"), "Grozny");
    Ok(())
}

#[test]
fn a_news_report_dates_its_figures_by_its_own_time_and_reported_speech_by_the_events() -> Result<()> {
    let figures = sections_and_news()?;
    // "On Sunday" in a report published in 2020.
    assert_eq!(field(figure(&figures, "over 300"), "period_start"), "2020");
    // A source named before speaks for the next sentences; "it said" names no one.
    assert_eq!(field(figure(&figures, "40"), "attributed_to"), "human rights group Viasna");
    assert_eq!(field(figure(&figures, "12"), "attributed_to"), "human rights group Viasna");
    // Several places in a list: the place they all lie in.
    assert_eq!(field(figure(&figures, "35"), "place"), "Belarus");
    // A date without its year is in the year named before it in its paragraph.
    let arrested = figure(&figures, "200");
    assert_eq!([field(arrested, "period_start"), field(arrested, "unit")], ["2020", "person"]);
    // The date of an announcement is not the date of what it announces, and
    // a number that a figure is (1000 people) names no year.
    let files = figure(&figures, "5,000");
    assert_eq!([field(files, "period_start"), field(files, "attributed_to")], ["1937", "ministry"]);
    assert_eq!(field(figure(&figures, "1000"), "period_start"), "2020");
    Ok(())
}

/// A text whose sentences name places by adjectives and nouns of people
/// (rules/lexicons/place-words.tsv), written for this test; one sentence
/// names Russia, and three name Crimea by its words, which makes Crimea the
/// place of the text.
const PLACE_WORDS: &str = "\
In May 1944, 300,000 Crimean Tatars were deported.

Soviet authorities executed 700 people in a single night.

Kazakhs in Russia numbered 600,000 at the census.

Three quarters of the Chechens and Crimean Tatars died in exile.

Весной 1944 года были выселены 190 тысяч крымских татар.
";

#[test]
fn an_adjective_or_a_people_names_the_place_when_the_sentence_names_none() -> Result<()> {
    let (_dir, out) = publish_written(&[("place-words.txt", PLACE_WORDS)])?;
    let figures = read_csv(&out.join("figures.csv"))?;
    let place = |quote: &str| field(figure(&figures, quote), "place").to_string();
    // The adjective of the counted noun phrase, before the place the text names most.
    assert_eq!(place("300,000"), "Crimea");
    assert_eq!(place("190 тысяч"), "Crimea");
    // An adjective before the number, when no other names a place.
    assert_eq!(place("700"), "Soviet Union");
    // A place the sentence names wins over the people counted in it.
    assert_eq!(place("600,000"), "Russia");
    // Two peoples name no one place: the text's place stands.
    assert_eq!(place("Three quarters"), "Crimea");
    Ok(())
}

/// Texts written for this test: one whose only country is an institution's
/// jurisdiction ("КГБ СССР"), one that names no place but Soviet
/// institutions, one whose figure is told of a known event.
const INSTITUTIONS: &str = "\
Забастовку в Новочеркасске подавили силами армии и КГБ СССР.

По официальным данным, при разгоне демонстрации было убито 17 человек.
";

const CAMPS: &str = "\
В 1939 году в ИТЛ умерло 8 000 заключенных, а в колониях ещё 3 000.
";

const EVENT: &str = "\
The crowd gathered on the square. During Jeltoqsan, some 200 students were expelled.

At Zhanaozen in western Kazakhstan, 16 people died.
";

#[test]
fn an_institutions_jurisdiction_sets_no_scene_and_events_and_institutions_have_places_and_the_narrower_place_wins() -> Result<()> {
    let (_dir, out) = publish_written(&[("institutions.txt", INSTITUTIONS), ("camps.txt", CAMPS), ("event.txt", EVENT)])?;
    let figures = read_csv(&out.join("figures.csv"))?;
    let place = |quote: &str| field(figure(&figures, quote), "place").to_string();
    // "КГБ СССР" names the KGB, not where the shooting was: the town is.
    assert_eq!(place("17"), "Novocherkassk");
    // A text that names no place: the place of the institutions it names.
    assert_eq!(place("8 000"), "Soviet Union");
    // A figure told of an event the gazetteer knows the place of.
    assert_eq!(place("some 200"), "Almaty");
    // A place that only says where the one before it lies.
    assert_eq!(place("16"), "Zhanaozen");
    Ok(())
}
