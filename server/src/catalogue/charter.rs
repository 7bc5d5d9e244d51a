//! Reads an agency's service charter from a CSV file into catalogue services, all or nothing.
//!
//! Behind `mlango import-charter FILE.csv`. Every row is checked fully and every problem is
//! collected with its line number, so an agency admin can fix the whole spreadsheet in one go;
//! a file with any problem yields no services at all. The user documentation of the columns and
//! the fee syntax is `docs/charter-import.md`: keep the two in step.

use app::catalogue::model::{
    AgencyCode, Category, FeeSchedule, FeeVariant, FieldKind, FormDefinition, FormField, Localized, Service,
    ServiceCode, ServiceError,
};
use app::money::{Currency, Money, MoneyParseError};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::sync::Arc;

/// Most services (non-blank data rows) one charter file may hold.
pub const MAX_ROWS: usize = 50_000;
/// Most errors listed in [`CharterErrors`]; any further ones are only counted.
pub const MAX_REPORTED_ERRORS: usize = 1_000;
/// Largest charter file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Most price options in one `fees` cell.
const MAX_VARIANTS: usize = 50;
/// Most items in one requirements or in-person list.
const MAX_LIST_ITEMS: usize = 40;
/// Longest list item, in characters.
const MAX_ITEM_CHARS: usize = 500;
/// Longest summary, in characters.
const MAX_SUMMARY_CHARS: usize = 1_000;
/// Longest keywords cell, in characters.
const MAX_KEYWORDS_CHARS: usize = 500;
/// Longest name or price-option description; the same limit `Service::check` applies to names.
const MAX_NAME_CHARS: usize = 160;
/// Values quoted in messages are cut to this many characters so one line stays readable.
const MAX_SHOWN_CHARS: usize = 60;

/// The documented column names, in the order the documentation lists them.
pub const COLUMNS: [&str; 17] = [
    "agency_code",
    "service_code",
    "name_en",
    "name_sw",
    "summary_en",
    "summary_sw",
    "category",
    "currency",
    "fees",
    "convenience_fee_waived",
    "timeline_days",
    "requirements_en",
    "requirements_sw",
    "in_person_en",
    "in_person_sw",
    "keywords",
    "popularity",
];

/// A documented column; the discriminant indexes [`COLUMNS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    AgencyCode,
    ServiceCode,
    NameEn,
    NameSw,
    SummaryEn,
    SummarySw,
    Category,
    Currency,
    Fees,
    ConvenienceFeeWaived,
    TimelineDays,
    RequirementsEn,
    RequirementsSw,
    InPersonEn,
    InPersonSw,
    Keywords,
    Popularity,
}

const ALL_COLS: [Col; 17] = [
    Col::AgencyCode,
    Col::ServiceCode,
    Col::NameEn,
    Col::NameSw,
    Col::SummaryEn,
    Col::SummarySw,
    Col::Category,
    Col::Currency,
    Col::Fees,
    Col::ConvenienceFeeWaived,
    Col::TimelineDays,
    Col::RequirementsEn,
    Col::RequirementsSw,
    Col::InPersonEn,
    Col::InPersonSw,
    Col::Keywords,
    Col::Popularity,
];

impl Col {
    fn name(self) -> &'static str {
        COLUMNS[self as usize]
    }

    fn required(self) -> bool {
        matches!(
            self,
            Col::AgencyCode
                | Col::ServiceCode
                | Col::NameEn
                | Col::NameSw
                | Col::Category
                | Col::Fees
                | Col::TimelineDays
        )
    }
}

/// One problem with one row of the charter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Physical line (1-based) where the row starts in the file.
    pub line: u64,
    /// The documented name of the column at fault, when one is.
    pub column: Option<String>,
    /// What is wrong and how to fix it.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column {}: {}", self.line, column, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// Why a charter file was refused: every problem found, file-level ones first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CharterErrors {
    /// Problems with the file as a whole: encoding, size, column headers, no services.
    pub file: Vec<String>,
    /// Problems with individual rows, in file order.
    pub rows: Vec<RowError>,
    /// Problems found beyond [`MAX_REPORTED_ERRORS`]: counted, not listed.
    pub omitted: usize,
}

impl CharterErrors {
    /// Number of problems found, listed or not.
    pub fn count(&self) -> usize {
        self.file.len() + self.rows.len() + self.omitted
    }

    fn is_empty(&self) -> bool {
        self.count() == 0
    }

    fn has_room(&mut self) -> bool {
        if self.file.len() + self.rows.len() < MAX_REPORTED_ERRORS {
            true
        } else {
            self.omitted += 1;
            false
        }
    }

    fn push_file(&mut self, reason: impl Into<String>) {
        if self.has_room() {
            self.file.push(reason.into());
        }
    }

    fn push_row(&mut self, line: u64, column: Option<&str>, reason: String) {
        if self.has_room() {
            self.rows.push(RowError { line, column: column.map(str::to_owned), reason });
        }
    }
}

impl fmt::Display for CharterErrors {
    /// One line per problem, then "… and N more errors" when the list was cut short.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut next_line = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
            if !std::mem::take(&mut first) {
                f.write_str("\n")?;
            }
            Ok(())
        };
        for reason in &self.file {
            next_line(f)?;
            f.write_str(reason)?;
        }
        for row in &self.rows {
            next_line(f)?;
            write!(f, "{row}")?;
        }
        if self.omitted > 0 {
            next_line(f)?;
            let noun = if self.omitted == 1 { "error" } else { "errors" };
            write!(f, "… and {} more {noun} (fix the ones above and run the import again)", self.omitted)?;
        }
        Ok(())
    }
}

impl std::error::Error for CharterErrors {}

/// The application form given to every imported service: name, ID number, phone, declaration.
pub fn charter_form() -> FormDefinition {
    let field = |name: &str, en: &str, sw: &str, hint: Option<Localized>, kind| FormField {
        name: name.into(),
        label: Localized::new(en, sw),
        hint,
        required: true,
        kind,
    };
    FormDefinition {
        fields: vec![
            field(
                "full_name",
                "Full name",
                "Jina kamili",
                Some(Localized::new("As shown on your ID", "Kama lilivyo kwenye kitambulisho chako")),
                FieldKind::Text { min_len: 2, max_len: 100 },
            ),
            field("id_number", "National ID number", "Nambari ya kitambulisho", None, FieldKind::NationalId),
            field(
                "phone",
                "Mobile phone number",
                "Nambari ya simu ya mkononi",
                Some(Localized::new("We send updates on your application by SMS", "Tutakutumia taarifa kwa SMS")),
                FieldKind::Phone,
            ),
            field(
                "declaration",
                "I declare that the information I have given is true and complete",
                "Ninathibitisha kwamba taarifa nilizotoa ni za kweli na kamili",
                None,
                FieldKind::Declaration,
            ),
        ],
        documents: Vec::new(),
    }
}

/// Parses a service-charter CSV file into services, or reports every problem in it.
///
/// `known_agencies` are the agencies rows may name; `existing_services` maps service codes
/// already in the catalogue to their owner, so one agency cannot overwrite another's service.
pub fn parse_charter<R: Read>(
    input: R,
    known_agencies: &HashSet<AgencyCode>,
    existing_services: &HashMap<ServiceCode, AgencyCode>,
) -> Result<Vec<Service>, CharterErrors> {
    let mut errors = CharterErrors::default();
    let bytes = match read_limited(input) {
        Ok(bytes) => bytes,
        Err(reason) => {
            errors.push_file(reason);
            return Err(errors);
        }
    };
    if let Some(reason) = not_csv_text(&bytes) {
        errors.push_file(reason);
        return Err(errors);
    }
    // Excel's "CSV UTF-8" starts with a byte-order mark, which csv would glue to the first header.
    let data = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(data);
    let mut record = csv::ByteRecord::new();

    let layout = loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => {
                errors.push_file(format!(
                    "the file is empty; its first line must be the column headers, e.g. {}",
                    required_columns().join(",")
                ));
                return Err(errors);
            }
            // Spreadsheets often leave empty rows above the table; they carry nothing.
            Ok(true) if is_blank(&record) => continue,
            Ok(true) => match Layout::from_header(&record) {
                Ok(layout) => break layout,
                Err(reasons) => {
                    reasons.into_iter().for_each(|r| errors.push_file(r));
                    return Err(errors);
                }
            },
            Err(e) => {
                errors.push_file(format!("the file could not be read as CSV: {e}"));
                return Err(errors);
            }
        }
    };

    let form = Arc::new(charter_form());
    let mut services = Vec::new();
    let mut first_use: HashMap<ServiceCode, u64> = HashMap::new();
    let mut rows = 0usize;
    let ctx = Context { known_agencies, existing_services, form: &form };
    let mut lines = LineCounter { data, offset: 0, line: 1 };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push_file(format!("the file could not be read as CSV: {e}"));
                break;
            }
        }
        // Rows of empty cells are what spreadsheets export below the last real row.
        if is_blank(&record) {
            continue;
        }
        rows += 1;
        if rows > MAX_ROWS {
            errors.push_file(format!(
                "the file has more than {MAX_ROWS} services; split it into several files and import them one by one"
            ));
            break;
        }
        let line = lines.line_of(record.position().map_or(0, csv::Position::byte));
        if let Some(service) = check_row(&ctx, &layout, &record, line, &mut first_use, &mut errors) {
            // Once anything failed the services are never returned, so stop keeping them.
            if errors.is_empty() {
                services.push(service);
            }
        }
    }

    if rows == 0 && errors.is_empty() {
        errors.push_file("the file has column headers but no services below them");
    }
    if errors.is_empty() { Ok(services) } else { Err(errors) }
}

/// What every row is checked against.
struct Context<'a> {
    known_agencies: &'a HashSet<AgencyCode>,
    existing_services: &'a HashMap<ServiceCode, AgencyCode>,
    form: &'a Arc<FormDefinition>,
}

/// Finds the physical line a record starts on.
///
/// csv's own `Position::line` is not usable: it is taken where the previous record ended, so it
/// misses skipped blank lines and, with CRLF endings, the record's first line break. Its byte
/// offset has the same origin, so the record really starts after any line breaks found there.
struct LineCounter<'a> {
    data: &'a [u8],
    /// Where counting stopped; always at the start of a record, never between CR and LF.
    offset: usize,
    /// The line `offset` is on.
    line: u64,
}

impl LineCounter<'_> {
    fn line_of(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(self.data.len());
        while matches!(self.data.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start < self.offset {
            // Records come in file order, so this does not happen; recounting keeps it right anyway.
            (self.offset, self.line) = (0, 1);
        }
        let span = self.data.get(self.offset..start).unwrap_or_default();
        for (i, b) in span.iter().enumerate() {
            // LF, CRLF and a lone CR each end one line.
            let ends_line = *b == b'\n' || (*b == b'\r' && span.get(i + 1) != Some(&b'\n'));
            if ends_line {
                self.line += 1;
            }
        }
        self.offset = start;
        self.line
    }
}

fn read_limited<R: Read>(input: R) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    input.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("the file could not be read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the file is larger than {} MB; split it into several files and import them one by one",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    Ok(bytes)
}

/// Recognises the usual wrong files (workbooks, UTF-16 exports) so the admin is told how to fix them.
fn not_csv_text(bytes: &[u8]) -> Option<String> {
    const SAVE_AS: &str = "in your spreadsheet use File → Save As (or Download) and choose \"CSV UTF-8\"";
    if bytes.starts_with(b"PK\x03\x04") {
        Some(format!("this is a spreadsheet workbook (.xlsx or .ods), not a CSV file; {SAVE_AS}"))
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        Some(format!("this is an old Excel workbook (.xls), not a CSV file; {SAVE_AS}"))
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        Some(format!("the file is saved as UTF-16 (\"Unicode text\"), not as CSV UTF-8; {SAVE_AS}"))
    } else if bytes.contains(&0) {
        Some(format!("the file contains binary data, so it is not a CSV text file; {SAVE_AS}"))
    } else {
        None
    }
}

fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|field| field.iter().all(u8::is_ascii_whitespace))
}

fn required_columns() -> Vec<&'static str> {
    ALL_COLS.iter().filter(|c| c.required()).map(|c| c.name()).collect()
}

/// Where each documented column sits in the file.
struct Layout {
    /// File position of each documented column, indexed like [`COLUMNS`].
    index: [Option<usize>; 17],
    /// Columns with an empty header: tolerated while their cells are empty.
    unnamed: Vec<usize>,
    /// Number of columns in the header row.
    width: usize,
}

impl Layout {
    fn from_header(record: &csv::ByteRecord) -> Result<Layout, Vec<String>> {
        let mut headers = Vec::with_capacity(record.len());
        for field in record.iter() {
            match std::str::from_utf8(field) {
                Ok(text) => headers.push(text),
                Err(_) => {
                    return Err(vec![format!(
                        "the column headers are not UTF-8 text; {}",
                        "in your spreadsheet use File → Save As (or Download) and choose \"CSV UTF-8\""
                    )]);
                }
            }
        }
        if let [only] = headers.as_slice() {
            for (sep, name) in [(';', "semicolons"), ('\t', "tabs")] {
                if only.contains(sep) {
                    return Err(vec![format!(
                        "the columns are separated by {name}, but a CSV file needs commas; save the file as \
                         \"CSV UTF-8 (Comma delimited)\", or set your computer's list separator to a comma"
                    )]);
                }
            }
        }

        let mut reasons = Vec::new();
        let mut index = [None; 17];
        let mut unnamed = Vec::new();
        let mut unknown = Vec::new();
        for (i, raw) in headers.iter().enumerate() {
            let name = snake_case(raw);
            if name.is_empty() {
                unnamed.push(i);
                continue;
            }
            match ALL_COLS.iter().find(|c| c.name() == name) {
                Some(&col) => match index[col as usize] {
                    Some(earlier) => reasons.push(format!(
                        "the column {} appears twice, as columns {} and {}; keep one of them",
                        col.name(),
                        column_label(earlier),
                        column_label(i)
                    )),
                    None => index[col as usize] = Some(i),
                },
                None => unknown.push(match suggest_column(&name) {
                    Some(better) => format!("{} (did you mean {better}?)", show(raw)),
                    None => show(raw),
                }),
            }
        }
        if !unknown.is_empty() {
            let noun = if unknown.len() == 1 { "column" } else { "columns" };
            let mut reason =
                format!("unknown {noun} {}; the columns Mlango reads are: {}", unknown.join(", "), COLUMNS.join(", "));
            if index.iter().all(Option::is_none) {
                reason.push_str(
                    " (the first line of the file must be the column headers; delete any title rows above them)",
                );
            }
            reasons.push(reason);
        }
        let missing: Vec<&str> =
            ALL_COLS.iter().filter(|c| c.required() && index[**c as usize].is_none()).map(|c| c.name()).collect();
        match missing.as_slice() {
            [] => {}
            [one] => reasons.push(format!("the required column {one} is missing")),
            many => reasons.push(format!("the required columns {} are missing", many.join(", "))),
        }
        if reasons.is_empty() { Ok(Layout { index, unnamed, width: headers.len() }) } else { Err(reasons) }
    }
}

/// Lower case with `_` between words: "Service Code", "SERVICE-CODE" and "service_code" read alike.
fn snake_case(raw: &str) -> String {
    raw.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// A documented column an unknown header probably meant.
fn suggest_column(name: &str) -> Option<&'static str> {
    let guess = match name {
        "fee" | "fee_kes" | "fees_kes" | "amount" | "price" | "prices" | "cost" => "fees",
        "agency" | "agency_id" => "agency_code",
        "service" | "code" | "service_id" => "service_code",
        "name" | "service_name" | "name_english" => "name_en",
        "name_kiswahili" | "name_swahili" | "jina" => "name_sw",
        "summary" | "description" | "description_en" => "summary_en",
        "description_sw" => "summary_sw",
        "timeline" | "days" | "timeline_working_days" | "working_days" => "timeline_days",
        "requirements" | "requirement" => "requirements_en",
        "in_person" | "in_person_steps" => "in_person_en",
        "waived" | "convenience_fee" | "fee_waived" => "convenience_fee_waived",
        "keyword" | "tags" => "keywords",
        _ => "",
    };
    if !guess.is_empty() {
        return Some(guess);
    }
    // Singular/plural slips: "requirement_en", "timelines_days" and the like.
    COLUMNS.iter().copied().find(|c| c.replace('s', "") == name.replace('s', ""))
}

/// Spreadsheet-style label of a 0-based column: 0 → "1 (A)", 27 → "28 (AB)".
fn column_label(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{} ({})", index + 1, letters.into_iter().collect::<String>())
}

/// A value quoted for a message: escaped (no control characters reach the terminal) and cut short.
fn show(value: &str) -> String {
    let value = value.trim();
    if value.chars().count() > MAX_SHOWN_CHARS {
        format!("{:?}…", value.chars().take(MAX_SHOWN_CHARS).collect::<String>())
    } else {
        format!("{value:?}")
    }
}

/// Collects one row's problems; each `field` call checks one cell.
struct RowCheck<'a, 'r> {
    line: u64,
    /// Cell text per documented column: `""` when the column is absent, `None` when not UTF-8.
    cells: [Option<&'r str>; 17],
    errors: &'a mut CharterErrors,
    ok: bool,
}

impl RowCheck<'_, '_> {
    fn fail(&mut self, col: Option<Col>, reason: String) {
        self.ok = false;
        self.errors.push_row(self.line, col.map(Col::name), reason);
    }

    /// Checks one cell; `None` when it is wrong (reported) or could not be decoded (reported earlier).
    fn field<T>(&mut self, col: Col, check: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        self.fields(col, |raw| check(raw).map_err(|e| vec![e]))
    }

    /// Like `field`, for cells that can hold several independent problems (lists, fees).
    fn fields<T>(&mut self, col: Col, check: impl FnOnce(&str) -> Result<T, Vec<String>>) -> Option<T> {
        let raw = self.cells[col as usize]?;
        match check(raw) {
            Ok(value) => Some(value),
            Err(reasons) => {
                reasons.into_iter().for_each(|r| self.fail(Some(col), r));
                None
            }
        }
    }

    /// Pairs an English and a Kiswahili list item by item.
    fn pair_lists(&mut self, en_col: Col, sw_col: Col) -> Option<Vec<Localized>> {
        let en = self.fields(en_col, parse_list);
        let sw = self.fields(sw_col, parse_list);
        let (en, sw) = (en?, sw?);
        if en.is_empty() && !sw.is_empty() {
            self.fail(
                Some(sw_col),
                format!("Kiswahili items are given but {} is empty; give the English items too", en_col.name()),
            );
            return None;
        }
        if !sw.is_empty() && sw.len() != en.len() {
            self.fail(
                Some(sw_col),
                format!(
                    "has {} items but {} has {}; items are matched in order, so both need the same number of \
                     items separated by \";\"",
                    sw.len(),
                    en_col.name(),
                    en.len()
                ),
            );
            return None;
        }
        let mut sw = sw.into_iter();
        Some(en.into_iter().map(|en| Localized { en, sw: sw.next().unwrap_or_default() }).collect())
    }
}

fn check_row(
    ctx: &Context<'_>,
    layout: &Layout,
    record: &csv::ByteRecord,
    line: u64,
    first_use: &mut HashMap<ServiceCode, u64>,
    errors: &mut CharterErrors,
) -> Option<Service> {
    let values = record.len();
    let extra_filled = record.iter().skip(layout.width).any(|f| !f.iter().all(u8::is_ascii_whitespace));
    if values < layout.width || extra_filled {
        // An unclosed quote swallows the following lines into one value, which upsets the count.
        let swallowed = record.iter().any(|f| f.contains(&b'\n'));
        let hint = if swallowed {
            "; or a double quote (\") that opens a value is never closed, so the lines after it were read as part \
             of this row"
        } else {
            ""
        };
        errors.push_row(
            line,
            None,
            format!(
                "this row has {values} values but the header row has {} columns; check for a missing or extra \
                 comma (a value that contains a comma must be inside double quotes){hint}",
                layout.width
            ),
        );
        return None;
    }
    let mut row = RowCheck { line, cells: [Some(""); 17], errors, ok: true };
    for &i in &layout.unnamed {
        if record.get(i).is_some_and(|f| !f.iter().all(u8::is_ascii_whitespace)) {
            row.fail(
                None,
                format!("column {} has a value but no header; give it a header or delete the column", column_label(i)),
            );
        }
    }
    for col in ALL_COLS {
        let Some(i) = layout.index[col as usize] else { continue };
        match std::str::from_utf8(record.get(i).unwrap_or_default()) {
            Ok(text) => row.cells[col as usize] = Some(text),
            Err(_) => {
                row.cells[col as usize] = None;
                row.fail(
                    Some(col),
                    "is not UTF-8 text (often a letter with an accent or a curly quote); save the file as \
                     \"CSV UTF-8\" and import it again"
                        .into(),
                );
            }
        }
    }

    let agency = row.field(Col::AgencyCode, |v| parse_agency(v, ctx.known_agencies));
    let code = row.field(Col::ServiceCode, parse_service_code);
    if let Some(code) = &code {
        match first_use.get(code) {
            Some(first) => row.fail(
                Some(Col::ServiceCode),
                format!(
                    "the service code {} is already used on line {first}; every service needs its own code",
                    show(code.as_str())
                ),
            ),
            None => {
                first_use.insert(code.clone(), line);
            }
        }
        if let (Some(owner), Some(agency)) = (ctx.existing_services.get(code), &agency)
            && owner != agency
        {
            row.fail(
                Some(Col::ServiceCode),
                format!(
                    "the service code {} already belongs to agency {}; an agency cannot replace another agency's \
                     service, so choose a different code",
                    show(code.as_str()),
                    show(owner.as_str())
                ),
            );
        }
    }
    let name_en = row.field(Col::NameEn, |v| parse_name(v, "English"));
    let name_sw = row.field(Col::NameSw, |v| parse_name(v, "Kiswahili"));
    let summary_en = row.field(Col::SummaryEn, |v| limited_text(v, MAX_SUMMARY_CHARS));
    let summary_sw = row.field(Col::SummarySw, |v| limited_text(v, MAX_SUMMARY_CHARS));
    if let (Some(en), Some(sw)) = (&summary_en, &summary_sw)
        && en.is_empty()
        && !sw.is_empty()
    {
        row.fail(
            Some(Col::SummarySw),
            "a Kiswahili summary is given but summary_en is empty; give the English summary too".into(),
        );
    }
    let category = row.field(Col::Category, parse_category);
    let currency = row.field(Col::Currency, parse_currency);
    let variants = row.fields(Col::Fees, parse_fees);
    let waived = row.field(Col::ConvenienceFeeWaived, parse_yes_no);
    let timeline = row.field(Col::TimelineDays, parse_timeline);
    let requirements = row.pair_lists(Col::RequirementsEn, Col::RequirementsSw);
    let in_person = row.pair_lists(Col::InPersonEn, Col::InPersonSw);
    let keywords = row.field(Col::Keywords, parse_keywords);
    let popularity = row.field(Col::Popularity, parse_popularity);

    let (
        true,
        Some(agency),
        Some(code),
        Some(name_en),
        Some(name_sw),
        Some(summary_en),
        Some(summary_sw),
        Some(category),
        Some(currency),
        Some(variants),
        Some(convenience_fee_waived),
        Some(timeline_days),
        Some(requirements),
        Some(in_person_steps),
        Some(keywords),
        Some(popularity),
    ) = (
        row.ok,
        agency,
        code,
        name_en,
        name_sw,
        summary_en,
        summary_sw,
        category,
        currency,
        variants,
        waived,
        timeline,
        requirements,
        in_person,
        keywords,
        popularity,
    )
    else {
        return None;
    };
    let service = Service {
        code,
        agency,
        category,
        name: Localized::new(name_en, name_sw),
        summary: Localized::new(summary_en, summary_sw),
        requirements,
        in_person_steps,
        fees: FeeSchedule { currency, convenience_fee_waived, variants },
        timeline_days,
        form: Arc::clone(ctx.form),
        keywords,
        popularity,
    };
    // The checks above cover every rule; this is the publishing gate itself, kept as a backstop
    // so a rule added to the model later cannot be bypassed by the importer.
    if let Err(e) = service.check() {
        let col = match e {
            ServiceError::NoName | ServiceError::NameTooLong => Some(Col::NameEn),
            ServiceError::NoFees
            | ServiceError::NegativeFee(_)
            | ServiceError::FeeTooLarge(_)
            | ServiceError::DuplicateVariant(_)
            | ServiceError::BadVariantCode(_) => Some(Col::Fees),
            ServiceError::Timeline => Some(Col::TimelineDays),
            ServiceError::Form(_) => None,
        };
        row.fail(col, e.to_string());
        return None;
    }
    Some(service)
}

/// Trims, joins runs of white space (line breaks included) into single spaces, refuses control characters.
fn clean_text(raw: &str) -> Result<String, String> {
    if let Some(c) = raw.chars().find(|c| c.is_control() && !c.is_whitespace()) {
        return Err(format!(
            "contains an invisible control character (U+{:04X}); delete it and type the text again",
            u32::from(c)
        ));
    }
    Ok(raw.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn limited_text(raw: &str, max: usize) -> Result<String, String> {
    let text = clean_text(raw)?;
    let len = text.chars().count();
    if len > max {
        return Err(format!("is {len} characters long; the most is {max}"));
    }
    Ok(text)
}

fn parse_agency(raw: &str, known: &HashSet<AgencyCode>) -> Result<AgencyCode, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("the agency code is required, e.g. ntsa".into());
    }
    let code = AgencyCode::parse(value).map_err(|e| format!("{} is not a valid agency code: it {e}", show(value)))?;
    if !known.contains(&code) {
        return Err(format!(
            "no agency has the code {}; check the spelling, or ask a platform administrator to register the agency first",
            show(code.as_str())
        ));
    }
    Ok(code)
}

fn parse_service_code(raw: &str) -> Result<ServiceCode, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("the service code is required, e.g. ntsa-smart-dl-renewal".into());
    }
    ServiceCode::parse(value).map_err(|e| format!("{} is not a valid service code: it {e}", show(value)))
}

fn parse_name(raw: &str, language: &str) -> Result<String, String> {
    let name = clean_text(raw)?;
    if name.is_empty() {
        return Err(if language == "Kiswahili" {
            "the Kiswahili name is required: every service is published in both official languages".into()
        } else {
            "the English name is required".into()
        });
    }
    let len = name.chars().count();
    if len > MAX_NAME_CHARS {
        return Err(format!(
            "the name is {len} characters long; the most is {MAX_NAME_CHARS} so that it fits in lists and SMS"
        ));
    }
    Ok(name)
}

fn allowed_categories() -> String {
    Category::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
}

fn parse_category(raw: &str) -> Result<Category, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(format!("the category is required; use one of: {}", allowed_categories()));
    }
    // "County charges" and "county-charges" are how people type county_charges.
    Category::parse(&snake_case(value))
        .ok_or_else(|| format!("{} is not a category; use one of: {}", show(value), allowed_categories()))
}

fn parse_currency(raw: &str) -> Result<Currency, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(Currency::Kes);
    }
    Currency::parse(value).ok_or_else(|| {
        format!(
            "{} is not a supported currency; write KES (Kenya shillings) or USD (US dollars), or leave it blank for KES",
            show(value)
        )
    })
}

fn parse_yes_no(raw: &str) -> Result<bool, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "no" | "false" | "0" => Ok(false),
        "yes" | "true" | "1" => Ok(true),
        _ => Err(format!(
            "{} is not yes or no; write yes if the convenience fee is waived, otherwise no (or leave it blank)",
            show(raw)
        )),
    }
}

fn parse_timeline(raw: &str) -> Result<u16, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("the charter timeline is required: the number of working days from a complete, paid \
                    application to delivery, e.g. 14"
            .into());
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{} is not a whole number of working days; write a number from 1 to 365, e.g. 14",
            show(value)
        ));
    }
    match value.parse::<u16>() {
        Ok(days @ 1..=365) => Ok(days),
        Ok(0) => Err("0 working days is not a timeline; the charter timeline must be at least 1 working day".into()),
        // Only digits reach here, so the number can be printed unquoted (cut short like any value).
        _ => Err(format!(
            "{} working days is more than the most allowed, 365 working days",
            value.trim_start_matches('0').get(..MAX_SHOWN_CHARS).unwrap_or(value.trim_start_matches('0'))
        )),
    }
}

fn parse_keywords(raw: &str) -> Result<String, String> {
    // The model keeps keywords space separated; commas and semicolons are what people type.
    let spaced = raw.replace([',', ';'], " ");
    limited_text(&spaced, MAX_KEYWORDS_CHARS)
}

fn parse_popularity(raw: &str) -> Result<u32, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(0);
    }
    let digits: String = value.chars().filter(|c| *c != ',' && *c != '_').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{} is not a whole number; write a number from 0 upwards, or leave it blank for 0",
            show(value)
        ));
    }
    digits.parse::<u32>().map_err(|_| format!("{} is too large; the most is {}", show(value), u32::MAX))
}

/// Splits a list cell into items at `;` or line breaks; blank items are dropped.
fn parse_list(raw: &str) -> Result<Vec<String>, Vec<String>> {
    let mut items = Vec::new();
    let mut reasons = Vec::new();
    for piece in raw.split([';', '\n', '\r']) {
        match clean_text(piece) {
            Ok(item) if item.is_empty() => {}
            Ok(item) => {
                let len = item.chars().count();
                if len > MAX_ITEM_CHARS {
                    reasons.push(format!(
                        "item {} is {len} characters long; the most is {MAX_ITEM_CHARS} (separate items with \";\")",
                        items.len() + 1
                    ));
                }
                items.push(item);
            }
            Err(reason) => {
                reasons.push(format!("item {}: {reason}", items.len() + 1));
                items.push(String::new());
            }
        }
    }
    if items.len() > MAX_LIST_ITEMS {
        reasons.push(format!("has {} items; the most is {MAX_LIST_ITEMS}", items.len()));
    }
    if reasons.is_empty() { Ok(items) } else { Err(reasons) }
}

/// Reads the `fees` cell: one amount, or price options `code=amount` / `code: English / Kiswahili = amount`
/// separated by `|`.
fn parse_fees(raw: &str) -> Result<Vec<FeeVariant>, Vec<String>> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(vec!["a fee is required: write the amount, e.g. 4550, or 0 if the service is free".into()]);
    }
    // "1,000/=" is how shillings are often written on printed charters; its "=" would read as an option.
    if value.contains("/=") {
        return Err(vec![format!(
            "{} uses \"/=\"; write only the number, e.g. 1000 (the currency goes in the currency column)",
            show(value)
        )]);
    }
    if !value.contains(['=', '|']) {
        let amount_minor = parse_amount(value).map_err(|e| vec![e])?;
        return Ok(vec![FeeVariant {
            code: "standard".into(),
            label: Localized::new("Standard", "Kawaida"),
            amount_minor,
        }]);
    }
    let options: Vec<&str> = value.split('|').map(str::trim).filter(|o| !o.is_empty()).collect();
    if options.len() > MAX_VARIANTS {
        return Err(vec![format!("has {} price options; the most is {MAX_VARIANTS}", options.len())]);
    }
    let mut variants: Vec<FeeVariant> = Vec::new();
    let mut reasons = Vec::new();
    for option in options {
        match parse_variant(option) {
            Ok(variant) if variants.iter().any(|v| v.code == variant.code) => reasons.push(format!(
                "the price option code {} is used twice; every option needs its own code",
                show(&variant.code)
            )),
            Ok(variant) => variants.push(variant),
            Err(reason) => reasons.push(reason),
        }
    }
    if variants.is_empty() && reasons.is_empty() {
        reasons.push(
            "no price is given; write an amount, e.g. 4550, or price options such as small=5000 | large=10000".into(),
        );
    }
    if reasons.is_empty() { Ok(variants) } else { Err(reasons) }
}

fn parse_variant(option: &str) -> Result<FeeVariant, String> {
    let Some((head, amount)) = option.rsplit_once('=') else {
        return Err(format!(
            "the price option {} has no \"=\"; write each option as code=amount, e.g. 32-pages=4550, and separate \
             options with \"|\"",
            show(option)
        ));
    };
    let (code, label) = match head.split_once(':') {
        Some((code, label)) => (parse_variant_code(code)?, Some(label)),
        None => (parse_variant_code(head)?, None),
    };
    let label = match label {
        Some(label) => parse_variant_label(label, &code)?,
        None => {
            // Without a description citizens see the code itself, made readable: "32-pages" → "32 pages".
            let mut text = code.replace('-', " ");
            if let Some(first) = text.get(..1) {
                text = first.to_ascii_uppercase() + text.get(1..).unwrap_or_default();
            }
            Localized::new(text.clone(), text)
        }
    };
    let amount_minor = parse_amount(amount).map_err(|e| format!("price option {}: {e}", show(&code)))?;
    Ok(FeeVariant { code, label, amount_minor })
}

fn parse_variant_code(raw: &str) -> Result<String, String> {
    let code = raw.trim().to_ascii_lowercase();
    if code.is_empty() {
        return Err("a price option has no code before \"=\"; write code=amount, e.g. 32-pages=4550".into());
    }
    let ok_chars = code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if code.len() > 40 || !ok_chars || code.starts_with('-') || code.ends_with('-') || code.contains("--") {
        return Err(format!(
            "the price option code {} may contain only letters a–z, digits and single hyphens, at most 40 \
             characters (e.g. 32-pages); to describe the option write code: English / Kiswahili = amount",
            show(raw)
        ));
    }
    Ok(code)
}

fn parse_variant_label(raw: &str, code: &str) -> Result<Localized, String> {
    let parts: Vec<&str> = raw.split('/').collect();
    let [en, sw] = parts.as_slice() else {
        let found = if parts.len() == 1 { "none" } else { "more than one" };
        return Err(format!(
            "the description of price option {} must be English / Kiswahili, separated by one \"/\" (found {found})",
            show(code)
        ));
    };
    let prefix = |e: String| format!("the description of price option {}: {e}", show(code));
    let (en, sw) = (clean_text(en).map_err(prefix)?, clean_text(sw).map_err(prefix)?);
    if en.is_empty() || sw.is_empty() {
        return Err(format!(
            "the description of price option {} needs both English and Kiswahili, e.g. 32-pages: 32 pages / \
             Kurasa 32 = 4550",
            show(code)
        ));
    }
    if en.chars().count() > MAX_NAME_CHARS || sw.chars().count() > MAX_NAME_CHARS {
        return Err(format!(
            "the description of price option {} is longer than {MAX_NAME_CHARS} characters",
            show(code)
        ));
    }
    Ok(Localized { en, sw })
}

/// Reads an amount in major units into minor units, explaining exactly what is wrong.
fn parse_amount(raw: &str) -> Result<i64, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err("the amount is missing; write a number, e.g. 4550, or 0 if the service is free".into());
    }
    if value.starts_with('-') {
        return Err(format!("{} is negative; a fee cannot be below 0 (write 0 if the service is free)", show(value)));
    }
    let lower = value.to_ascii_lowercase();
    if ["ksh", "kes", "usd", "us$", "$", "sh"].iter().any(|p| lower.starts_with(p)) {
        return Err(format!(
            "{} is not an amount: write only the number, e.g. 4550; the currency goes in the currency column",
            show(value)
        ));
    }
    // Money::parse_major calls every stray character "too many decimals"; sort those out first.
    let digits: String = value.chars().filter(|c| *c != ',' && *c != '_').collect();
    let well_formed = digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') && digits.matches('.').count() <= 1;
    if !well_formed {
        return Err(format!("{} is not an amount (use digits, e.g. 4550 or 4550.00)", show(value)));
    }
    match Money::parse_major(value, Currency::Kes) {
        Ok(money) => Ok(money.minor),
        Err(MoneyParseError::Empty | MoneyParseError::NotANumber) => {
            Err(format!("{} is not an amount (use digits, e.g. 4550 or 4550.00)", show(value)))
        }
        Err(MoneyParseError::TooManyDecimals) => {
            Err(format!("{} has more than two decimal places; write at most cents, e.g. 4550.50", show(value)))
        }
        Err(MoneyParseError::TooLarge) => {
            Err(format!("{} is larger than the largest fee allowed, 100,000,000", show(value)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "agency_code,service_code,name_en,name_sw,summary_en,summary_sw,category,currency,fees,\
                          convenience_fee_waived,timeline_days,requirements_en,requirements_sw,in_person_en,\
                          in_person_sw,keywords,popularity";

    fn agencies() -> HashSet<AgencyCode> {
        ["ntsa", "dis", "nairobi-city-county"].into_iter().map(|c| AgencyCode::parse(c).unwrap()).collect()
    }

    fn existing() -> HashMap<ServiceCode, AgencyCode> {
        HashMap::from([(ServiceCode::parse("ntsa-smart-dl").unwrap(), AgencyCode::parse("ntsa").unwrap())])
    }

    fn parse(text: impl AsRef<[u8]>) -> Result<Vec<Service>, CharterErrors> {
        parse_charter(text.as_ref(), &agencies(), &existing())
    }

    /// A valid row in the order of HEADER, with some cells replaced; every cell is quoted.
    fn row(code: &str, overrides: &[(&str, &str)]) -> String {
        let mut cells: Vec<String> = vec![
            "ntsa".into(),
            code.into(),
            "Smart driving licence renewal".into(),
            "Kuhuisha leseni janja ya udereva".into(),
            "Renew a smart DL.".into(),
            "Huisha leseni.".into(),
            "transport".into(),
            String::new(),
            "3050".into(),
            String::new(),
            "7".into(),
            "ID card; Old licence".into(),
            "Kitambulisho; Leseni ya zamani".into(),
            String::new(),
            String::new(),
            "DL".into(),
            "10".into(),
        ];
        for (column, value) in overrides {
            let i = COLUMNS.iter().position(|c| c == column).unwrap();
            cells[i] = (*value).into();
        }
        cells.iter().map(|c| format!("\"{}\"", c.replace('"', "\"\""))).collect::<Vec<_>>().join(",")
    }

    fn file(rows: &[String]) -> String {
        let mut text = String::from(HEADER);
        for r in rows {
            text.push('\n');
            text.push_str(r);
        }
        text.push('\n');
        text
    }

    /// The single row error of a file whose one data row (line 2) is bad.
    fn only_error(overrides: &[(&str, &str)]) -> RowError {
        let errors = parse(file(&[row("ntsa-test", overrides)])).unwrap_err();
        assert!(errors.file.is_empty(), "{errors}");
        assert_eq!(errors.rows.len(), 1, "{errors}");
        errors.rows[0].clone()
    }

    fn assert_reason(overrides: &[(&str, &str)], column: &str, needle: &str) {
        let e = only_error(overrides);
        assert_eq!((e.line, e.column.as_deref()), (2, Some(column)), "{e}");
        assert!(e.reason.contains(needle), "{e:?} should mention {needle:?}");
    }

    #[test]
    fn parses_a_good_file_with_bom_crlf_quoted_newlines_usd_free_variants_and_waivers() {
        let text = format!(
            "\u{feff}{HEADER}\r\n{}\r\n{}\r\n{}\r\n{}\r\n",
            row(
                "ntsa-dl-renewal",
                &[
                    ("requirements_en", "ID card;\r\nOld licence\r\n"),
                    ("requirements_sw", "Kitambulisho\r\nLeseni ya zamani")
                ]
            ),
            row(
                "dis-passport",
                &[
                    ("agency_code", "dis"),
                    ("category", "Identity and travel"),
                    (
                        "fees",
                        "32-pages: 32 pages / Kurasa 32 = 4,550 | 48-pages: 48 pages / Kurasa 48 = 6,050.50 | 64-pages=7550"
                    ),
                ]
            ),
            row(
                "dis-evisa",
                &[("agency_code", "DIS"), ("currency", "usd"), ("fees", "51"), ("category", "identity_and_travel")]
            ),
            row(
                "ncc-drain",
                &[
                    ("agency_code", "nairobi-city-county"),
                    ("fees", "0"),
                    ("convenience_fee_waived", "Yes"),
                    ("category", "environment"),
                    ("popularity", "1,200"),
                    ("requirements_en", ""),
                    ("requirements_sw", ""),
                    ("in_person_en", "Meet the inspector"),
                    ("keywords", "drain, flooding;sewer"),
                ]
            ),
        );
        let services = parse(text).unwrap();
        assert_eq!(services.len(), 4);
        for s in &services {
            assert_eq!(s.check(), Ok(()));
            assert!(Arc::ptr_eq(&s.form, &services[0].form), "the form is shared, not copied");
        }
        let dl = &services[0];
        assert_eq!(dl.agency.as_str(), "ntsa");
        assert_eq!(dl.name, Localized::new("Smart driving licence renewal", "Kuhuisha leseni janja ya udereva"));
        assert_eq!(
            dl.requirements,
            vec![Localized::new("ID card", "Kitambulisho"), Localized::new("Old licence", "Leseni ya zamani")]
        );
        assert_eq!(dl.fees.currency, Currency::Kes);
        assert_eq!(dl.fees.variants.len(), 1);
        assert_eq!((dl.fees.variants[0].code.as_str(), dl.fees.variants[0].amount_minor), ("standard", 305_000));
        assert!(!dl.fees.convenience_fee_waived);
        assert_eq!((dl.timeline_days, dl.popularity, dl.category), (7, 10, Category::Transport));

        let passport = &services[1];
        assert_eq!(passport.category, Category::IdentityAndTravel);
        let variants: Vec<(&str, i64)> =
            passport.fees.variants.iter().map(|v| (v.code.as_str(), v.amount_minor)).collect();
        assert_eq!(variants, vec![("32-pages", 455_000), ("48-pages", 605_050), ("64-pages", 755_000)]);
        assert_eq!(passport.fees.variants[0].label, Localized::new("32 pages", "Kurasa 32"));
        assert_eq!(passport.fees.variants[2].label, Localized::new("64 pages", "64 pages"));

        let visa = &services[2];
        assert_eq!(
            (visa.agency.as_str(), visa.fees.currency, visa.fees.variants[0].amount_minor),
            ("dis", Currency::Usd, 5100)
        );

        let drain = &services[3];
        assert_eq!(drain.fees.variants[0].amount_minor, 0);
        assert!(drain.fees.convenience_fee_waived);
        assert_eq!(drain.popularity, 1200);
        assert!(drain.requirements.is_empty());
        assert_eq!(drain.in_person_steps, vec![Localized::new("Meet the inspector", "")]);
        assert_eq!(drain.keywords, "drain flooding sewer");
    }

    #[test]
    fn headers_are_case_insensitive_order_free_and_optional_columns_may_be_left_out() {
        let text = "Timeline Days,FEES,Category,Name_SW,name-en,SERVICE CODE,agency_code\n\
                    14,100,tax,Jina,Name,kra-test,ntsa\n";
        let services = parse(text).unwrap();
        assert_eq!(services.len(), 1);
        let s = &services[0];
        assert_eq!((s.code.as_str(), s.timeline_days, s.category, s.popularity), ("kra-test", 14, Category::Tax, 0));
        assert_eq!((s.summary.clone(), s.keywords.as_str()), (Localized::default(), ""));
    }

    #[test]
    fn the_documented_example_file_parses() {
        let example = include_str!("../../../docs/examples/charter-example.csv");
        let services = parse(example).unwrap();
        assert!((5..=8).contains(&services.len()));
        assert!(services.iter().all(|s| s.agency.as_str() == "nairobi-city-county" && !s.name.sw.is_empty()));
    }

    #[test]
    fn display_prints_one_line_per_error_with_line_and_column() {
        let rows: Vec<String> = (0..6).map(|i| row(&format!("ntsa-ok-{i}"), &[])).collect();
        let mut rows = rows;
        rows.push(row("ntsa-bad", &[("fees", "abc")]));
        let errors = parse(file(&rows)).unwrap_err();
        assert_eq!(
            errors.to_string(),
            "line 8, column fees: \"abc\" is not an amount (use digits, e.g. 4550 or 4550.00)"
        );
        assert_eq!(errors.count(), 1);
    }

    #[test]
    fn bad_amounts_are_explained() {
        assert_reason(&[("fees", "abc")], "fees", "is not an amount");
        assert_reason(&[("fees", "-5")], "fees", "negative");
        assert_reason(&[("fees", "12.345")], "fees", "more than two decimal places");
        assert_reason(&[("fees", "200000000")], "fees", "larger than the largest fee");
        assert_reason(&[("fees", "1.2.3")], "fees", "is not an amount");
        assert_reason(&[("fees", "KSh 500")], "fees", "currency column");
        assert_reason(&[("fees", "1,000/=")], "fees", "/=");
        assert_reason(&[("fees", "")], "fees", "a fee is required");
        assert_reason(&[("fees", " | ")], "fees", "no price is given");
    }

    #[test]
    fn bad_price_options_are_explained_each_on_its_own() {
        assert_reason(&[("fees", "32 Pages=4550")], "fees", "may contain only letters");
        assert_reason(&[("fees", "a=1 | a=2")], "fees", "used twice");
        assert_reason(&[("fees", "a=1 | 4550")], "fees", "has no \"=\"");
        assert_reason(&[("fees", "a: Ordinary = 1")], "fees", "found none");
        assert_reason(&[("fees", "a: A / B / C = 1")], "fees", "found more than one");
        assert_reason(&[("fees", "a: Ordinary / = 1")], "fees", "both English and Kiswahili");
        assert_reason(&[("fees", "=5")], "fees", "no code");
        assert_reason(&[("fees", "a=")], "fees", "amount is missing");
        let errors = parse(file(&[row("ntsa-x", &[("fees", "a=x | B C=1 | c=-1 | d=2")])])).unwrap_err();
        assert_eq!(errors.rows.len(), 3, "{errors}");
        assert!(errors.rows.iter().all(|e| e.line == 2 && e.column.as_deref() == Some("fees")));
        assert!(errors.rows[0].reason.starts_with("price option \"a\": \"x\" is not an amount"), "{errors}");
    }

    #[test]
    fn every_column_rule_is_reported_with_its_column() {
        assert_reason(&[("agency_code", "kra")], "agency_code", "no agency has the code \"kra\"");
        assert_reason(&[("agency_code", "")], "agency_code", "required");
        assert_reason(&[("agency_code", "n t s a")], "agency_code", "not a valid agency code");
        let e = only_error_with_code("", &[]);
        assert_eq!(e.column.as_deref(), Some("service_code"));
        assert!(e.reason.contains("required"), "{e}");
        let e = only_error_with_code("ntsa_dl", &[]);
        assert!(e.reason.contains("not a valid service code: it may contain only"), "{e}");
        assert_reason(&[("name_en", " ")], "name_en", "English name is required");
        assert_reason(&[("name_sw", "")], "name_sw", "Kiswahili name is required");
        assert_reason(&[("name_en", &"x".repeat(161))], "name_en", "161 characters long; the most is 160");
        assert_reason(&[("name_sw", "Leseni\u{7}")], "name_sw", "control character (U+0007)");
        assert_reason(&[("summary_en", ""), ("summary_sw", "Huisha")], "summary_sw", "summary_en is empty");
        assert_reason(&[("summary_en", &"y".repeat(1001))], "summary_en", "the most is 1000");
        assert_reason(&[("category", "Transportation")], "category", "use one of: identity_and_travel, transport,");
        assert_reason(&[("category", "")], "category", "required");
        assert_reason(&[("currency", "EUR")], "currency", "KES (Kenya shillings) or USD");
        assert_reason(&[("convenience_fee_waived", "maybe")], "convenience_fee_waived", "not yes or no");
        assert_reason(&[("timeline_days", "0")], "timeline_days", "at least 1 working day");
        assert_reason(
            &[("timeline_days", "366")],
            "timeline_days",
            "366 working days is more than the most allowed, 365",
        );
        assert_reason(&[("timeline_days", "99999999999")], "timeline_days", "more than the most allowed");
        assert_reason(&[("timeline_days", "two weeks")], "timeline_days", "not a whole number of working days");
        assert_reason(&[("timeline_days", "")], "timeline_days", "required");
        assert_reason(&[("popularity", "-1")], "popularity", "not a whole number");
        assert_reason(&[("popularity", "99999999999")], "popularity", "too large");
        assert_reason(
            &[("requirements_sw", "Kitambulisho")],
            "requirements_sw",
            "has 1 items but requirements_en has 2",
        );
        assert_reason(
            &[("requirements_en", ""), ("requirements_sw", "Kitambulisho")],
            "requirements_sw",
            "give the English",
        );
        assert_reason(&[("in_person_en", "a; b"), ("in_person_sw", "a")], "in_person_sw", "same number of items");
        assert_reason(
            &[("requirements_en", &"z".repeat(501)), ("requirements_sw", "")],
            "requirements_en",
            "item 1 is 501",
        );
        assert_reason(&[("keywords", &"k ".repeat(300))], "keywords", "the most is 500");
        for yes_no in ["yes", "no", "TRUE", "false", "1", "0", ""] {
            assert!(parse(file(&[row("ntsa-ok", &[("convenience_fee_waived", yes_no)])])).is_ok(), "{yes_no}");
        }
    }

    fn only_error_with_code(code: &str, overrides: &[(&str, &str)]) -> RowError {
        let errors = parse(file(&[row(code, overrides)])).unwrap_err();
        assert_eq!(errors.rows.len(), 1, "{errors}");
        errors.rows[0].clone()
    }

    #[test]
    fn all_problems_of_all_rows_are_reported_in_file_order() {
        let text = file(&[
            row("ntsa-a", &[("fees", "abc"), ("timeline_days", "0")]),
            row("ntsa-b", &[]),
            row("ntsa-c", &[("name_sw", ""), ("category", "roads")]),
            row("ntsa-d", &[]),
        ]);
        let errors = parse(text).unwrap_err();
        let found: Vec<(u64, Option<&str>)> = errors.rows.iter().map(|e| (e.line, e.column.as_deref())).collect();
        assert_eq!(
            found,
            vec![(2, Some("fees")), (2, Some("timeline_days")), (4, Some("name_sw")), (4, Some("category"))]
        );
        assert_eq!(errors.to_string().lines().count(), 4);
    }

    #[test]
    fn one_bad_row_among_good_ones_means_nothing_is_imported() {
        let mut rows: Vec<String> = (0..20).map(|i| row(&format!("ntsa-good-{i}"), &[])).collect();
        rows.insert(10, row("ntsa-bad", &[("category", "nope")]));
        let errors = parse(file(&rows)).unwrap_err();
        assert_eq!(errors.count(), 1);
        assert_eq!(errors.rows[0].line, 12);
    }

    #[test]
    fn duplicate_service_codes_in_the_file_are_refused_naming_the_first_line() {
        let text = file(&[row("ntsa-a", &[]), row("ntsa-b", &[]), row("NTSA-A", &[])]);
        let errors = parse(text).unwrap_err();
        assert_eq!(errors.rows.len(), 1);
        let e = &errors.rows[0];
        assert_eq!((e.line, e.column.as_deref()), (4, Some("service_code")));
        assert!(e.reason.contains("\"ntsa-a\" is already used on line 2"), "{e}");
    }

    #[test]
    fn an_agency_cannot_overwrite_another_agencys_service() {
        let errors = parse(file(&[row("ntsa-smart-dl", &[("agency_code", "dis")])])).unwrap_err();
        let e = &errors.rows[0];
        assert_eq!((e.line, e.column.as_deref()), (2, Some("service_code")));
        assert!(e.reason.contains("already belongs to agency \"ntsa\""), "{e}");
        // The owner may update its own service.
        assert_eq!(parse(file(&[row("ntsa-smart-dl", &[])])).map(|s| s.len()), Ok(1));
    }

    #[test]
    fn non_utf8_cells_are_reported_with_line_and_column() {
        let mut bytes = file(&[row("ntsa-a", &[]), row("ntsa-b", &[("name_en", "Caf@")])]).into_bytes();
        let at = bytes.iter().position(|b| *b == b'@').unwrap();
        bytes[at] = 0xE9; // "é" in Windows-1252
        let errors = parse(&bytes).unwrap_err();
        assert_eq!(errors.rows.len(), 1, "{errors}");
        let e = &errors.rows[0];
        assert_eq!((e.line, e.column.as_deref()), (3, Some("name_en")));
        assert!(e.reason.contains("not UTF-8"), "{e}");

        let mut header = HEADER.as_bytes().to_vec();
        header.extend_from_slice(b",\xFF\n");
        let errors = parse(&header).unwrap_err();
        assert!(errors.file[0].contains("not UTF-8"), "{errors}");
    }

    #[test]
    fn empty_files_and_header_only_files_are_refused() {
        for empty in ["", "\u{feff}", "\n\n", "  \r\n", ",,,\n"] {
            let errors = parse(empty).unwrap_err();
            assert_eq!(errors.count(), 1);
            assert!(errors.file[0].starts_with("the file is empty"), "{empty:?}: {errors}");
        }
        let errors = parse(format!("{HEADER}\n,,,,\n\n")).unwrap_err();
        assert_eq!(errors.file, vec!["the file has column headers but no services below them".to_string()]);
    }

    #[test]
    fn ragged_rows_are_reported_and_trailing_empty_cells_tolerated() {
        let short = "\"ntsa\",\"ntsa-x\",\"Name\"".to_string();
        let long = format!("{},\"surprise\"", row("ntsa-y", &[]));
        let padded = format!("{},,", row("ntsa-z", &[]));
        let errors = parse(file(&[short, long, padded])).unwrap_err();
        let lines: Vec<u64> = errors.rows.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3]);
        assert!(errors.rows[0].reason.contains("has 3 values but the header row has 17 columns"), "{errors}");
        assert!(errors.rows[1].reason.contains("has 18 values"), "{errors}");
        assert_eq!(errors.rows[0].column, None);
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_its_row() {
        let text = format!(
            "{HEADER}\n{}\nntsa,ntsa-b,\"Name,Jina,,,tax,,1,,1,,,,,,\n{}\n",
            row("ntsa-a", &[]),
            row("ntsa-c", &[])
        );
        let errors = parse(text).unwrap_err();
        assert_eq!(errors.rows.len(), 1, "{errors}");
        assert_eq!(errors.rows[0].line, 3);
        assert!(errors.rows[0].reason.contains("never closed"), "{errors}");
    }

    #[test]
    fn unnamed_columns_must_stay_empty() {
        let text = format!("{HEADER},\n{},\n{},\"note\"\n", row("ntsa-a", &[]), row("ntsa-b", &[]));
        let errors = parse(text).unwrap_err();
        assert_eq!(errors.rows.len(), 1, "{errors}");
        assert_eq!(errors.rows[0].line, 3);
        assert!(errors.rows[0].reason.contains("column 18 (R) has a value but no header"), "{errors}");
    }

    #[test]
    fn header_problems_are_file_errors() {
        let errors = parse("agency_code,service_code,fee,notes,name_en\nntsa,x,1,,y\n").unwrap_err();
        assert!(errors.rows.is_empty());
        assert_eq!(errors.file.len(), 2, "{errors}");
        assert!(errors.file[0].starts_with("unknown columns \"fee\" (did you mean fees?), \"notes\";"), "{errors}");
        assert_eq!(errors.file[1], "the required columns name_sw, category, fees, timeline_days are missing");

        let errors = parse(format!("{HEADER},Fees\n")).unwrap_err();
        assert_eq!(errors.file, vec!["the column fees appears twice, as columns 9 (I) and 18 (R); keep one of them"]);

        let errors = parse("Nairobi City County service charter 2025\nagency_code\n").unwrap_err();
        assert!(errors.file[0].contains("delete any title rows"), "{errors}");

        let errors = parse("agency_code;service_code;name_en\nntsa;a;b\n").unwrap_err();
        assert!(errors.file[0].contains("separated by semicolons"), "{errors}");
    }

    #[test]
    fn workbooks_and_utf16_files_are_recognised() {
        let errors = parse(b"PK\x03\x04\x14\x00rest of a zip").unwrap_err();
        assert!(errors.file[0].contains("spreadsheet workbook"), "{errors}");
        let errors = parse(b"\xFF\xFEa\x00g\x00").unwrap_err();
        assert!(errors.file[0].contains("UTF-16"), "{errors}");
        let errors = parse(b"agency_code\x00").unwrap_err();
        assert!(errors.file[0].contains("binary data"), "{errors}");
    }

    #[test]
    fn line_numbers_are_physical_lines_where_the_row_starts() {
        let text = format!(
            "{HEADER}\r\n\r\n{}\r\n{}\r\n\r\n{}\r\n",
            row("ntsa-a", &[("requirements_en", "one\r\ntwo\r\nthree"), ("requirements_sw", "moja\ntatu\nmbili")]),
            row("ntsa-b", &[("summary_en", "first line\nsecond line"), ("fees", "x")]),
            row("ntsa-c", &[("timeline_days", "0")]),
        );
        let errors = parse(text).unwrap_err();
        let lines: Vec<u64> = errors.rows.iter().map(|e| e.line).collect();
        // Header 1, blank 2, row a 3–7 (two cells of three lines), row b 8–9, blank 10, row c 11.
        assert_eq!(lines, vec![8, 11], "{errors}");
    }

    #[test]
    fn line_counting_handles_lf_crlf_lone_cr_and_blank_lines() {
        let starts = |text: &str| {
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
            let mut counter = LineCounter { data: text.as_bytes(), offset: 0, line: 1 };
            let mut record = csv::ByteRecord::new();
            let mut lines = Vec::new();
            while reader.read_byte_record(&mut record).unwrap() {
                lines.push(counter.line_of(record.position().unwrap().byte()));
            }
            lines
        };
        assert_eq!(starts("h\r\n\r\n\"a\r\nb\"\r\nc\r\n"), vec![1, 3, 5]);
        assert_eq!(starts("h\n\n\"a\nb\"\nc\n"), vec![1, 3, 5]);
        assert_eq!(starts("h\n\"a\r\nb\"\r\n\n\nc"), vec![1, 2, 6]);
        assert_eq!(starts("h\rx\r\ry"), vec![1, 2, 4]);
    }

    #[test]
    fn the_error_list_is_capped() {
        let rows: Vec<String> = (0..1500).map(|i| row(&format!("ntsa-{i}"), &[("fees", "x")])).collect();
        let errors = parse(file(&rows)).unwrap_err();
        assert_eq!(errors.rows.len(), MAX_REPORTED_ERRORS);
        assert_eq!(errors.omitted, 500);
        assert_eq!(errors.count(), 1500);
        let shown = errors.to_string();
        assert_eq!(shown.lines().count(), MAX_REPORTED_ERRORS + 1);
        assert!(shown.ends_with("… and 500 more errors (fix the ones above and run the import again)"));
    }

    #[test]
    fn the_row_count_is_capped() {
        let mut text = String::from("agency_code,service_code,name_en,name_sw,category,fees,timeline_days\n");
        for i in 0..=MAX_ROWS {
            text.push_str(&format!("ntsa,ntsa-{i},N,J,tax,1,1\n"));
        }
        let errors = parse(text).unwrap_err();
        assert_eq!(errors.count(), 1, "{errors}");
        assert!(errors.file[0].contains("more than 50000 services"), "{errors}");
    }

    #[test]
    fn every_column_indexes_its_own_name() {
        // Col discriminants index COLUMNS and the per-row cell arrays.
        for (i, col) in ALL_COLS.iter().enumerate() {
            assert_eq!((*col as usize, col.name()), (i, COLUMNS[i]));
        }
    }

    #[test]
    fn the_default_form_is_valid() {
        assert_eq!(charter_form().check(), Ok(()));
        assert_eq!(column_label(0), "1 (A)");
        assert_eq!(column_label(27), "28 (AB)");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let _ = parse(&bytes);
        }

        #[test]
        fn arbitrary_cells_never_panic_and_accepted_services_are_publishable(
            cells in proptest::collection::vec("[ -~\\n\"|=:/;,é]{0,24}", 0..60)
        ) {
            let mut text = format!("{HEADER}\n");
            for (i, cell) in cells.iter().enumerate() {
                text.push('"');
                text.push_str(&cell.replace('"', "\"\""));
                text.push('"');
                text.push(if i % 17 == 16 { '\n' } else { ',' });
            }
            if let Ok(services) = parse(&text) {
                for s in services {
                    proptest::prop_assert_eq!(s.check(), Ok(()));
                }
            }
        }

        #[test]
        fn valid_amounts_round_trip(minor in 0i64..=app::money::MAX_FEE_MINOR) {
            let shown = Money { minor, currency: Currency::Kes }.to_string();
            let services = parse(file(&[row("ntsa-p", &[("fees", shown.trim_start_matches("KSh "))])])).unwrap();
            proptest::prop_assert_eq!(services[0].fees.variants[0].amount_minor, minor);
        }
    }
}
