//! Service drafts: an agency admin edits a copy of one of the agency's services, or a new one,
//! through plain forms (details, the application form's fields and documents, and — for a new
//! service only — its prices), and publishes it when ready. The catalogue changes only at
//! publication. Prices of a published service change only through maker-checker fee changes,
//! and a new service (whose first prices are set in its draft) must be published by a second
//! admin. The edit rules here are pure; the store keeps drafts behind [`ServiceDraftStore`].

use crate::accounts::model::Role;
use crate::accounts::service::store_err;
use crate::accounts::session::Caller;
use crate::catalogue::model::{
    Category, ChoiceOption, DocumentRequirement, DocumentType, FeeSchedule, FeeVariant, FieldKind, FormDefinition,
    FormDefinitionError, FormField, Localized, Service, ServiceError, is_ident, is_variant_code,
};
use crate::error::{AppError, Problem};
use crate::money::{Currency, Money};
use crate::ssr::AppState;
use crate::store::StoreError;
use async_trait::async_trait;

/// Who edits and publishes an agency's services.
pub const SERVICE_ROLES: &[Role] = &[Role::AgencyAdmin];

/// Most fields one form may have: longer forms lose citizens on small phones.
pub const MAX_FIELDS: usize = 60;
/// Most documents one form may ask for.
pub const MAX_DOCUMENTS: usize = 12;
/// Largest upload a document may accept, in megabytes.
pub const MAX_DOCUMENT_MB: u32 = 10;

/// Where a draft stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftState {
    /// Being edited.
    Draft,
    /// In the catalogue.
    Published,
    /// Thrown away.
    Discarded,
}

impl DraftState {
    /// Stored code.
    pub fn code(self) -> &'static str {
        match self {
            DraftState::Draft => "draft",
            DraftState::Published => "published",
            DraftState::Discarded => "discarded",
        }
    }

    /// From a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [DraftState::Draft, DraftState::Published, DraftState::Discarded].into_iter().find(|s| s.code() == code)
    }
}

/// A stored draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Id.
    pub id: i64,
    /// The agency.
    pub agency_code: String,
    /// Whether the service did not exist when the draft was started.
    pub is_new: bool,
    /// The service as edited so far.
    pub service: Service,
    /// Where it stands.
    pub state: DraftState,
    /// Bumped by every save.
    pub version: i64,
    /// Who started it.
    pub created_by: i64,
    /// Who changed it last.
    pub updated_by: i64,
    /// Their name.
    pub updated_by_name: String,
    /// When, Unix seconds.
    pub updated_at: i64,
}

/// A draft to start.
#[derive(Debug, Clone)]
pub struct NewDraft {
    /// The agency.
    pub agency_code: String,
    /// Whether the service is new.
    pub is_new: bool,
    /// Its starting content.
    pub service: Service,
    /// Who starts it.
    pub by: i64,
    /// Unix seconds.
    pub now: i64,
}

/// What publishing found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublishOutcome {
    /// Written to the catalogue; the draft is closed.
    Published,
    /// The draft changed (or was closed) since the form was shown: nothing written.
    Stale,
    /// A new service's code was taken meanwhile (by another agency's import, say).
    CodeTaken,
}

/// Storage of service drafts.
#[async_trait]
pub trait ServiceDraftStore: Send + Sync {
    /// Starts a draft; `Err(id)` names the open draft of that service if there is one already.
    async fn start_service_draft(&self, d: &NewDraft) -> Result<Result<i64, i64>, StoreError>;
    /// The agency's draft with this id.
    async fn service_draft(&self, agency_code: &str, id: i64) -> Result<Option<Draft>, StoreError>;
    /// The agency's open drafts, most recently changed first.
    async fn open_service_drafts(&self, agency_code: &str, limit: u32) -> Result<Vec<Draft>, StoreError>;
    /// Saves the draft if it is open and still at `version`; whether it was.
    async fn save_service_draft(
        &self,
        id: i64,
        version: i64,
        service: &Service,
        by: i64,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// Discards the draft if it is open and still at `version`; whether it was.
    async fn discard_service_draft(&self, id: i64, version: i64, by: i64, now: i64) -> Result<bool, StoreError>;
    /// In one transaction: closes the draft (if open and at `version`) and writes the service
    /// to the catalogue. For a service that exists, its prices are left as they are in the
    /// catalogue (they change only through fee changes).
    async fn publish_service_draft(
        &self,
        id: i64,
        version: i64,
        service: &Service,
        by: i64,
        now: i64,
    ) -> Result<PublishOutcome, StoreError>;
}

/// A brand-new service's starting point: the agency's, one free option, a month's charter.
pub fn new_service(agency: &str, code: &str, name_en: &str, category: &str) -> Result<Service, Problem> {
    let code = crate::catalogue::model::ServiceCode::parse(code).map_err(|_| Problem::ServiceCodeInvalid)?;
    if !code.as_str().starts_with(&format!("{agency}-")) {
        return Err(Problem::ServiceCodeInvalid);
    }
    let agency = crate::catalogue::model::AgencyCode::parse(agency).map_err(|_| Problem::ServiceCodeInvalid)?;
    let name = clean(name_en, 160).ok_or(Problem::ServiceNameInvalid)?;
    let category = Category::parse(category).ok_or(Problem::ServiceCategoryInvalid)?;
    Ok(Service {
        code,
        agency,
        category,
        name: Localized::new(name.clone(), name),
        summary: Localized::new("", ""),
        requirements: vec![],
        in_person_steps: vec![],
        fees: FeeSchedule::single_kes(0),
        timeline_days: 30,
        form: std::sync::Arc::new(FormDefinition::default()),
        keywords: String::new(),
        popularity: 0,
    })
}

/// Trimmed text of at most `max` characters with no control characters; `None` when empty
/// or too long.
fn clean(raw: &str, max: usize) -> Option<String> {
    let s = raw.trim();
    (!s.is_empty() && s.chars().count() <= max && !s.chars().any(char::is_control)).then(|| s.to_string())
}

/// Optional text: empty is fine, too long or control characters are not.
fn optional(raw: &str, max: usize, problem: Problem) -> Result<String, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    clean(s, max).ok_or(problem)
}

/// What the details form sends.
#[derive(Debug, Clone, Default)]
pub struct DetailsInput {
    /// English name.
    pub name_en: String,
    /// Kiswahili name.
    pub name_sw: String,
    /// English summary.
    pub summary_en: String,
    /// Kiswahili summary.
    pub summary_sw: String,
    /// Category code.
    pub category: String,
    /// Working days promised.
    pub timeline_days: String,
    /// Extra search words.
    pub keywords: String,
    /// One per line, `English | Kiswahili`.
    pub requirements: String,
    /// One per line, `English | Kiswahili`.
    pub in_person_steps: String,
}

/// Applies the details form to a service.
pub fn apply_details(s: &mut Service, d: &DetailsInput) -> Result<(), Problem> {
    let name_en = clean(&d.name_en, 160).ok_or(Problem::ServiceNameInvalid)?;
    let name_sw = optional(&d.name_sw, 160, Problem::ServiceNameInvalid)?;
    let summary_en = optional(&d.summary_en, 600, Problem::ServiceSummaryInvalid)?;
    let summary_sw = optional(&d.summary_sw, 600, Problem::ServiceSummaryInvalid)?;
    let category = Category::parse(&d.category).ok_or(Problem::ServiceCategoryInvalid)?;
    let timeline = d.timeline_days.trim().parse::<u16>().ok().filter(|n| (1..=365).contains(n));
    let timeline_days = timeline.ok_or(Problem::ServiceTimelineInvalid)?;
    let keywords = optional(&d.keywords, 300, Problem::ServiceKeywordsInvalid)?;
    let requirements = parse_pairs(&d.requirements, 30)?;
    let in_person_steps = parse_pairs(&d.in_person_steps, 10)?;
    s.name = Localized::new(name_en, name_sw);
    s.summary = Localized::new(summary_en, summary_sw);
    s.category = category;
    s.timeline_days = timeline_days;
    s.keywords = keywords;
    s.requirements = requirements;
    s.in_person_steps = in_person_steps;
    Ok(())
}

/// Lines of `English | Kiswahili` (the Kiswahili part may be left out); blank lines skipped.
pub fn parse_pairs(text: &str, max: usize) -> Result<Vec<Localized>, Problem> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (en, sw) = line.split_once('|').unwrap_or((line, ""));
        let en = clean(en, 300).ok_or(Problem::ServiceListInvalid)?;
        let sw = optional(sw, 300, Problem::ServiceListInvalid)?;
        out.push(Localized::new(en, sw));
    }
    if out.len() > max {
        return Err(Problem::ServiceListInvalid);
    }
    Ok(out)
}

/// The lines [`parse_pairs`] reads back, for prefilling a form.
pub fn pairs_text(items: &[Localized]) -> String {
    items
        .iter()
        .map(|l| if l.sw.is_empty() { l.en.clone() } else { format!("{} | {}", l.en, l.sw) })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Lines of `code | English label | Kiswahili label | amount` for a new service's prices.
pub fn parse_fees(text: &str, currency: &str, waived: bool) -> Result<FeeSchedule, Problem> {
    let currency = Currency::parse(currency.trim()).ok_or(Problem::ServiceFeesInvalid)?;
    let mut variants: Vec<FeeVariant> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let [code, en, sw, amount] = parts[..] else { return Err(Problem::ServiceFeesInvalid) };
        // Variant codes follow the catalogue's own rule.
        let code = code.to_ascii_lowercase();
        let amount = Money::parse_major(amount, currency).map_err(|_| Problem::ServiceFeesInvalid)?;
        if !is_variant_code(&code)
            || amount.minor < 0
            || amount.minor > crate::money::MAX_FEE_MINOR
            || variants.iter().any(|v| v.code == code)
        {
            return Err(Problem::ServiceFeesInvalid);
        }
        let label = Localized::new(
            clean(en, 120).ok_or(Problem::ServiceFeesInvalid)?,
            optional(sw, 120, Problem::ServiceFeesInvalid)?,
        );
        variants.push(FeeVariant { code, label, amount_minor: amount.minor });
    }
    if variants.is_empty() || variants.len() > 20 {
        return Err(Problem::ServiceFeesInvalid);
    }
    Ok(FeeSchedule { currency, convenience_fee_waived: waived, variants })
}

/// The lines [`parse_fees`] reads back.
pub fn fees_text(fees: &FeeSchedule) -> String {
    fees.variants
        .iter()
        .map(|v| {
            let amount = Money { minor: v.amount_minor, currency: fees.currency };
            let shown = amount.to_string();
            let number = shown.split_once(' ').map_or(shown.as_str(), |(_, n)| n);
            format!("{} | {} | {} | {number}", v.code, v.label.en, v.label.sw)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The kinds of field the builder offers, by stable code.
pub const FIELD_KINDS: [&str; 10] =
    ["text", "long_text", "number", "date", "choice", "phone", "email", "national_id", "kra_pin", "declaration"];

/// The stable code of a field's kind.
pub fn kind_code(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Text { .. } => "text",
        FieldKind::LongText { .. } => "long_text",
        FieldKind::Number { .. } => "number",
        FieldKind::Date { .. } => "date",
        FieldKind::Choice { .. } => "choice",
        FieldKind::Phone => "phone",
        FieldKind::Email => "email",
        FieldKind::NationalId => "national_id",
        FieldKind::KraPin => "kra_pin",
        FieldKind::Declaration => "declaration",
    }
}

/// What the field form sends; only the settings of the chosen kind are read.
#[derive(Debug, Clone, Default)]
pub struct FieldInput {
    /// Kind code (one of [`FIELD_KINDS`]).
    pub kind: String,
    /// Machine name.
    pub name: String,
    /// English label.
    pub label_en: String,
    /// Kiswahili label.
    pub label_sw: String,
    /// English hint.
    pub hint_en: String,
    /// Kiswahili hint.
    pub hint_sw: String,
    /// Whether an answer is needed.
    pub required: bool,
    /// Text: fewest characters.
    pub min_len: String,
    /// Text, long text: most characters.
    pub max_len: String,
    /// Number: smallest.
    pub min: String,
    /// Number: largest.
    pub max: String,
    /// Date: `any`, `past` (not in the future) or `future` (not in the past).
    pub date_rule: String,
    /// Choice: one per line, `value | English | Kiswahili`.
    pub options: String,
}

/// Reads a field from the form.
pub fn parse_field(f: &FieldInput) -> Result<FormField, Problem> {
    let name = f.name.trim().to_ascii_lowercase();
    if !is_ident(&name) {
        return Err(Problem::FieldNameInvalid);
    }
    let label = Localized::new(
        clean(&f.label_en, 200).ok_or(Problem::FieldLabelInvalid)?,
        optional(&f.label_sw, 200, Problem::FieldLabelInvalid)?,
    );
    let hint_en = optional(&f.hint_en, 300, Problem::FieldLabelInvalid)?;
    let hint_sw = optional(&f.hint_sw, 300, Problem::FieldLabelInvalid)?;
    let hint = (!hint_en.is_empty()).then(|| Localized::new(hint_en, hint_sw));
    let num = |s: &str| s.trim().replace(',', "").parse::<i64>().ok();
    let len = |s: &str| num(s).and_then(|n| u16::try_from(n).ok()).filter(|n| *n <= 5000);
    let kind = match f.kind.trim() {
        "text" => {
            let min_len = if f.min_len.trim().is_empty() { Some(0) } else { len(&f.min_len) };
            let max_len = if f.max_len.trim().is_empty() { Some(100) } else { len(&f.max_len) };
            match (min_len, max_len) {
                (Some(min_len), Some(max_len)) if min_len <= max_len && max_len > 0 => {
                    FieldKind::Text { min_len, max_len }
                }
                _ => return Err(Problem::FieldRangeInvalid),
            }
        }
        "long_text" => match if f.max_len.trim().is_empty() { Some(1000) } else { len(&f.max_len) } {
            Some(max_len) if max_len > 0 => FieldKind::LongText { max_len },
            _ => return Err(Problem::FieldRangeInvalid),
        },
        "number" => match (num(&f.min), num(&f.max)) {
            (Some(min), Some(max)) if min <= max => FieldKind::Number { min, max },
            _ => return Err(Problem::FieldRangeInvalid),
        },
        "date" => match f.date_rule.trim() {
            "" | "any" => FieldKind::Date { not_in_future: false, not_in_past: false },
            "past" => FieldKind::Date { not_in_future: true, not_in_past: false },
            "future" => FieldKind::Date { not_in_future: false, not_in_past: true },
            _ => return Err(Problem::FieldRangeInvalid),
        },
        "choice" => FieldKind::Choice { options: parse_options(&f.options)? },
        "phone" => FieldKind::Phone,
        "email" => FieldKind::Email,
        "national_id" => FieldKind::NationalId,
        "kra_pin" => FieldKind::KraPin,
        "declaration" => FieldKind::Declaration,
        _ => return Err(Problem::FieldKindInvalid),
    };
    Ok(FormField { name, label, hint, required: f.required, kind })
}

/// Choice options, one per line: `value | English | Kiswahili` (labels default to the value).
fn parse_options(text: &str) -> Result<Vec<ChoiceOption>, Problem> {
    let mut out: Vec<ChoiceOption> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.split('|').map(str::trim);
        let value = clean(parts.next().unwrap_or_default(), 60).ok_or(Problem::FieldOptionsInvalid)?;
        let en = optional(parts.next().unwrap_or_default(), 120, Problem::FieldOptionsInvalid)?;
        let sw = optional(parts.next().unwrap_or_default(), 120, Problem::FieldOptionsInvalid)?;
        if parts.next().is_some() || out.iter().any(|o| o.value == value) {
            return Err(Problem::FieldOptionsInvalid);
        }
        let en = if en.is_empty() { value.clone() } else { en };
        out.push(ChoiceOption { value, label: Localized::new(en, sw) });
    }
    if out.is_empty() || out.len() > 100 {
        return Err(Problem::FieldOptionsInvalid);
    }
    Ok(out)
}

/// The lines [`parse_options`] reads back.
pub fn options_text(options: &[ChoiceOption]) -> String {
    options
        .iter()
        .map(|o| {
            if o.label.sw.is_empty() {
                format!("{} | {}", o.value, o.label.en)
            } else {
                format!("{} | {} | {}", o.value, o.label.en, o.label.sw)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Adds a field (`original` empty) or replaces the field named `original`, keeping its place.
pub fn put_field(form: &mut FormDefinition, original: &str, field: FormField) -> Result<(), Problem> {
    let original = original.trim();
    let clash = form.fields.iter().any(|f| f.name == field.name && f.name != original)
        || form.documents.iter().any(|d| d.code == field.name);
    if clash {
        return Err(Problem::FieldNameTaken);
    }
    if original.is_empty() {
        if form.fields.len() >= MAX_FIELDS {
            return Err(Problem::FormTooLong);
        }
        form.fields.push(field);
    } else {
        let slot = form.fields.iter_mut().find(|f| f.name == original).ok_or(Problem::FieldUnknown)?;
        *slot = field;
    }
    form.check().map_err(form_problem)
}

/// How a field is moved or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrange {
    /// One place earlier.
    Up,
    /// One place later.
    Down,
    /// Out of the form.
    Remove,
}

impl Arrange {
    /// From the button's value.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "up" => Some(Arrange::Up),
            "down" => Some(Arrange::Down),
            "remove" => Some(Arrange::Remove),
            _ => None,
        }
    }
}

/// Moves or removes the field, or the document, with this name.
pub fn arrange(form: &mut FormDefinition, name: &str, how: Arrange) -> Result<(), Problem> {
    fn apply<T>(items: &mut Vec<T>, i: usize, how: Arrange) {
        match how {
            Arrange::Up if i > 0 => items.swap(i, i - 1),
            Arrange::Down if i + 1 < items.len() => items.swap(i, i + 1),
            Arrange::Remove => {
                items.remove(i);
            }
            _ => {}
        }
    }
    if let Some(i) = form.fields.iter().position(|f| f.name == name) {
        apply(&mut form.fields, i, how);
    } else if let Some(i) = form.documents.iter().position(|d| d.code == name) {
        apply(&mut form.documents, i, how);
    } else {
        return Err(Problem::FieldUnknown);
    }
    Ok(())
}

/// What the document form sends.
#[derive(Debug, Clone, Default)]
pub struct DocumentInput {
    /// Machine name.
    pub code: String,
    /// English label.
    pub label_en: String,
    /// Kiswahili label.
    pub label_sw: String,
    /// Whether it must be uploaded.
    pub required: bool,
    /// Accepts PDF.
    pub pdf: bool,
    /// Accepts JPEG.
    pub jpeg: bool,
    /// Accepts PNG.
    pub png: bool,
    /// Largest file, megabytes.
    pub max_mb: String,
}

/// Reads a document requirement from the form.
pub fn parse_document(d: &DocumentInput) -> Result<DocumentRequirement, Problem> {
    let code = d.code.trim().to_ascii_lowercase();
    if !is_ident(&code) {
        return Err(Problem::FieldNameInvalid);
    }
    let label = Localized::new(
        clean(&d.label_en, 200).ok_or(Problem::FieldLabelInvalid)?,
        optional(&d.label_sw, 200, Problem::FieldLabelInvalid)?,
    );
    let accepted: Vec<DocumentType> =
        [(d.pdf, DocumentType::Pdf), (d.jpeg, DocumentType::Jpeg), (d.png, DocumentType::Png)]
            .into_iter()
            .filter_map(|(on, t)| on.then_some(t))
            .collect();
    if accepted.is_empty() {
        return Err(Problem::DocumentTypesMissing);
    }
    let mb = d.max_mb.trim().parse::<u32>().ok().filter(|n| (1..=MAX_DOCUMENT_MB).contains(n));
    let max_bytes = mb.ok_or(Problem::DocumentSizeInvalid)? * 1024 * 1024;
    Ok(DocumentRequirement { code, label, required: d.required, accepted, max_bytes })
}

/// Adds a document (`original` empty) or replaces the one with code `original`.
pub fn put_document(form: &mut FormDefinition, original: &str, doc: DocumentRequirement) -> Result<(), Problem> {
    let original = original.trim();
    let clash = form.documents.iter().any(|d| d.code == doc.code && d.code != original)
        || form.fields.iter().any(|f| f.name == doc.code);
    if clash {
        return Err(Problem::FieldNameTaken);
    }
    if original.is_empty() {
        if form.documents.len() >= MAX_DOCUMENTS {
            return Err(Problem::FormTooLong);
        }
        form.documents.push(doc);
    } else {
        let slot = form.documents.iter_mut().find(|d| d.code == original).ok_or(Problem::FieldUnknown)?;
        *slot = doc;
    }
    form.check().map_err(form_problem)
}

fn form_problem(e: FormDefinitionError) -> Problem {
    match e {
        FormDefinitionError::BadName(_) => Problem::FieldNameInvalid,
        FormDefinitionError::Duplicate(_) => Problem::FieldNameTaken,
        FormDefinitionError::BadRange(_) => Problem::FieldRangeInvalid,
        FormDefinitionError::NoOptions(_) => Problem::FieldOptionsInvalid,
        FormDefinitionError::BadDocument(_) => Problem::DocumentTypesMissing,
        FormDefinitionError::EmptyLabel(_) => Problem::FieldLabelInvalid,
    }
}

/// Checks a draft can be published: everything a citizen will see is there and valid.
pub fn check_publishable(s: &Service) -> Result<(), Problem> {
    if s.summary.en.trim().is_empty() {
        return Err(Problem::ServiceSummaryInvalid);
    }
    if s.form.fields.is_empty() && s.form.documents.is_empty() {
        return Err(Problem::FormEmpty);
    }
    s.check().map_err(|e| match e {
        ServiceError::NoName | ServiceError::NameTooLong => Problem::ServiceNameInvalid,
        ServiceError::NoFees
        | ServiceError::NegativeFee(_)
        | ServiceError::FeeTooLarge(_)
        | ServiceError::DuplicateVariant(_)
        | ServiceError::BadVariantCode(_) => Problem::ServiceFeesInvalid,
        ServiceError::Timeline => Problem::ServiceTimelineInvalid,
        ServiceError::Form(f) => form_problem(f),
    })
}

/// Whether `who` may publish this draft: anyone of the agency's admins for an existing
/// service; for a new one (its prices set in the draft), not the admin who last changed it.
pub fn may_publish(draft: &Draft, who: i64) -> Result<(), Problem> {
    if draft.is_new && draft.updated_by == who {
        return Err(Problem::DraftSamePerson);
    }
    Ok(())
}

/// The caller's agency's draft, or not found (another agency's ids are not theirs to know).
pub async fn load_draft(state: &AppState, caller: &Caller, id: i64) -> Result<Draft, AppError> {
    let (_, agency) = caller.agency_staff(SERVICE_ROLES)?;
    state.store.service_draft(&agency, id).await.map_err(store_err)?.ok_or(AppError::NotFound)
}

/// The caller's agency's open drafts.
pub async fn open_service_drafts(state: &AppState, caller: &Caller) -> Result<Vec<Draft>, AppError> {
    let (_, agency) = caller.agency_staff(SERVICE_ROLES)?;
    state.store.open_service_drafts(&agency, 200).await.map_err(store_err)
}

/// Starts editing one of the agency's services (or continues its open draft); the draft's id.
pub async fn start_edit(state: &AppState, caller: &Caller, code: &str) -> Result<i64, AppError> {
    let (me, agency) = caller.agency_staff(SERVICE_ROLES)?;
    let live = state.catalogue.current();
    let service =
        live.catalogue.service(code.trim()).filter(|s| s.agency.as_str() == agency).ok_or(Problem::ServiceUnknown)?;
    let draft =
        NewDraft { agency_code: agency, is_new: false, service: (**service).clone(), by: me, now: state.clock.now() };
    match state.store.start_service_draft(&draft).await.map_err(store_err)? {
        Ok(id) => {
            audit(state, caller, me, format!("draft {id} started for {}", draft.service.code)).await;
            Ok(id)
        }
        Err(open) => Ok(open),
    }
}

/// Starts a draft of a new service of the caller's agency; the draft's id.
pub async fn start_new(
    state: &AppState,
    caller: &Caller,
    code: &str,
    name_en: &str,
    category: &str,
) -> Result<i64, AppError> {
    let (me, agency) = caller.agency_staff(SERVICE_ROLES)?;
    let service = new_service(&agency, code, name_en, category)?;
    if state.catalogue.current().catalogue.service(service.code.as_str()).is_some() {
        return Err(Problem::ServiceCodeTaken.into());
    }
    let draft = NewDraft { agency_code: agency.clone(), is_new: true, service, by: me, now: state.clock.now() };
    match state.store.start_service_draft(&draft).await.map_err(store_err)? {
        Ok(id) => {
            audit(state, caller, me, format!("draft {id} started for new service {}", draft.service.code)).await;
            Ok(id)
        }
        // Someone already drafts a service with this code: theirs, or another agency's.
        Err(_) => Err(Problem::ServiceCodeTaken.into()),
    }
}

/// Applies one edit to the caller's open draft at `version`; refused whole if it is stale.
pub async fn edit(
    state: &AppState,
    caller: &Caller,
    id: i64,
    version: i64,
    change: impl FnOnce(&mut Draft) -> Result<(), Problem>,
) -> Result<(), AppError> {
    let (me, _) = caller.agency_staff(SERVICE_ROLES)?;
    let mut draft = load_draft(state, caller, id).await?;
    if draft.state != DraftState::Draft || draft.version != version {
        return Err(Problem::DraftChanged.into());
    }
    change(&mut draft)?;
    let saved =
        state.store.save_service_draft(id, version, &draft.service, me, state.clock.now()).await.map_err(store_err)?;
    if !saved {
        return Err(Problem::DraftChanged.into());
    }
    Ok(())
}

/// Publishes the caller's draft at `version` into the catalogue.
pub async fn publish(state: &AppState, caller: &Caller, id: i64, version: i64) -> Result<String, AppError> {
    let (me, _) = caller.agency_staff(SERVICE_ROLES)?;
    let draft = load_draft(state, caller, id).await?;
    if draft.state != DraftState::Draft || draft.version != version {
        return Err(Problem::DraftChanged.into());
    }
    check_publishable(&draft.service)?;
    may_publish(&draft, me)?;
    let outcome = state
        .store
        .publish_service_draft(id, version, &draft.service, me, state.clock.now())
        .await
        .map_err(store_err)?;
    match outcome {
        PublishOutcome::Published => {
            let code = draft.service.code.to_string();
            audit(state, caller, me, format!("draft {id} published: {code}")).await;
            Ok(code)
        }
        PublishOutcome::Stale => Err(Problem::DraftChanged.into()),
        PublishOutcome::CodeTaken => Err(Problem::ServiceCodeTaken.into()),
    }
}

/// Throws away the caller's draft at `version`; the catalogue is untouched.
pub async fn discard(state: &AppState, caller: &Caller, id: i64, version: i64) -> Result<(), AppError> {
    let (me, _) = caller.agency_staff(SERVICE_ROLES)?;
    load_draft(state, caller, id).await?;
    if !state.store.discard_service_draft(id, version, me, state.clock.now()).await.map_err(store_err)? {
        return Err(Problem::DraftChanged.into());
    }
    audit(state, caller, me, format!("draft {id} discarded")).await;
    Ok(())
}

async fn audit(state: &AppState, caller: &Caller, me: i64, detail: String) {
    crate::accounts::service::audit(state, "service_draft", Some(me), None, &caller.client, detail).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn service() -> Service {
        new_service("immigration", "immigration-test-permit", "Test permit", "identity_and_travel").unwrap()
    }

    fn text_field(name: &str) -> FieldInput {
        FieldInput { kind: "text".into(), name: name.into(), label_en: "Full name".into(), ..Default::default() }
    }

    #[test]
    fn new_services_must_use_the_agency_prefix_and_a_category() {
        assert!(new_service("immigration", "immigration-visa-x", "Visa", "tourism").is_ok());
        assert_eq!(
            new_service("immigration", "ntsa-licence", "Licence", "transport").unwrap_err(),
            Problem::ServiceCodeInvalid
        );
        assert_eq!(
            new_service("immigration", "immigration--x", "X", "transport").unwrap_err(),
            Problem::ServiceCodeInvalid
        );
        assert_eq!(
            new_service("immigration", "immigration-x", " ", "transport").unwrap_err(),
            Problem::ServiceNameInvalid
        );
        assert_eq!(
            new_service("immigration", "immigration-x", "X", "cars").unwrap_err(),
            Problem::ServiceCategoryInvalid
        );
    }

    #[test]
    fn details_are_validated_and_applied_whole() {
        let mut s = service();
        let good = DetailsInput {
            name_en: "Work permit".into(),
            name_sw: "Kibali cha kazi".into(),
            summary_en: "For foreigners working in Kenya.".into(),
            category: "labour".into(),
            timeline_days: "21".into(),
            requirements: "Passport copy | Nakala ya pasipoti\n\nOffer letter".into(),
            ..Default::default()
        };
        apply_details(&mut s, &good).unwrap();
        assert_eq!(s.timeline_days, 21);
        assert_eq!(
            s.requirements,
            vec![Localized::new("Passport copy", "Nakala ya pasipoti"), Localized::new("Offer letter", "")]
        );
        assert_eq!(pairs_text(&s.requirements), "Passport copy | Nakala ya pasipoti\nOffer letter");
        let before = s.clone();
        for bad in [
            DetailsInput { timeline_days: "0".into(), ..good.clone() },
            DetailsInput { timeline_days: "366".into(), ..good.clone() },
            DetailsInput { name_en: "".into(), ..good.clone() },
            DetailsInput { name_en: "x".repeat(161), ..good.clone() },
            DetailsInput { category: "nope".into(), ..good.clone() },
            DetailsInput { requirements: " | Kiswahili only".into(), ..good.clone() },
        ] {
            assert!(apply_details(&mut s, &bad).is_err());
            assert_eq!(s, before, "a refused form changes nothing");
        }
    }

    #[test]
    fn fields_of_every_kind_parse_with_their_settings() {
        let f =
            parse_field(&FieldInput { min_len: "2".into(), max_len: "80".into(), ..text_field("Full_Name") }).unwrap();
        assert_eq!(f.name, "full_name");
        assert_eq!(f.kind, FieldKind::Text { min_len: 2, max_len: 80 });
        let n =
            parse_field(&FieldInput { kind: "number".into(), min: "0".into(), max: "1,000".into(), ..text_field("n") })
                .unwrap();
        assert_eq!(n.kind, FieldKind::Number { min: 0, max: 1000 });
        let d =
            parse_field(&FieldInput { kind: "date".into(), date_rule: "past".into(), ..text_field("dob") }).unwrap();
        assert_eq!(d.kind, FieldKind::Date { not_in_future: true, not_in_past: false });
        let c = parse_field(&FieldInput {
            kind: "choice".into(),
            options: "B | Class B\nA1".into(),
            ..text_field("class")
        })
        .unwrap();
        let FieldKind::Choice { options } = &c.kind else { panic!("choice") };
        assert_eq!(options[1].label.en, "A1");
        assert_eq!(options_text(options), "B | Class B\nA1 | A1");
        for kind in FIELD_KINDS {
            let input = FieldInput {
                kind: kind.into(),
                min: "1".into(),
                max: "2".into(),
                options: "x".into(),
                ..text_field("f")
            };
            assert_eq!(kind_code(&parse_field(&input).unwrap().kind), kind);
        }
    }

    #[test]
    fn bad_fields_are_refused_with_a_specific_problem() {
        assert_eq!(parse_field(&text_field("1st")).unwrap_err(), Problem::FieldNameInvalid);
        assert_eq!(parse_field(&text_field("full name")).unwrap_err(), Problem::FieldNameInvalid);
        assert_eq!(
            parse_field(&FieldInput { label_en: " ".into(), ..text_field("a") }).unwrap_err(),
            Problem::FieldLabelInvalid
        );
        assert_eq!(
            parse_field(&FieldInput { kind: "colour".into(), ..text_field("a") }).unwrap_err(),
            Problem::FieldKindInvalid
        );
        let range = FieldInput { min_len: "9".into(), max_len: "3".into(), ..text_field("a") };
        assert_eq!(parse_field(&range).unwrap_err(), Problem::FieldRangeInvalid);
        let number = FieldInput { kind: "number".into(), min: "5".into(), max: "x".into(), ..text_field("a") };
        assert_eq!(parse_field(&number).unwrap_err(), Problem::FieldRangeInvalid);
        let dupes = FieldInput { kind: "choice".into(), options: "a\na".into(), ..text_field("a") };
        assert_eq!(parse_field(&dupes).unwrap_err(), Problem::FieldOptionsInvalid);
        let none = FieldInput { kind: "choice".into(), options: "\n".into(), ..text_field("a") };
        assert_eq!(parse_field(&none).unwrap_err(), Problem::FieldOptionsInvalid);
    }

    #[test]
    fn the_builder_adds_replaces_moves_and_removes() {
        let mut form = FormDefinition::default();
        for name in ["a", "b", "c"] {
            put_field(&mut form, "", parse_field(&text_field(name)).unwrap()).unwrap();
        }
        assert_eq!(
            put_field(&mut form, "", parse_field(&text_field("b")).unwrap()).unwrap_err(),
            Problem::FieldNameTaken
        );
        // Renaming in place keeps the position.
        put_field(&mut form, "b", parse_field(&text_field("bee")).unwrap()).unwrap();
        assert_eq!(form.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["a", "bee", "c"]);
        assert_eq!(
            put_field(&mut form, "zzz", parse_field(&text_field("z")).unwrap()).unwrap_err(),
            Problem::FieldUnknown
        );
        arrange(&mut form, "c", Arrange::Up).unwrap();
        arrange(&mut form, "a", Arrange::Up).unwrap();
        arrange(&mut form, "bee", Arrange::Remove).unwrap();
        assert_eq!(form.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(arrange(&mut form, "bee", Arrange::Down).unwrap_err(), Problem::FieldUnknown);
        let doc = DocumentInput {
            code: "photo".into(),
            label_en: "Photo".into(),
            jpeg: true,
            max_mb: "2".into(),
            ..Default::default()
        };
        put_document(&mut form, "", parse_document(&doc).unwrap()).unwrap();
        assert_eq!(form.documents[0].max_bytes, 2 * 1024 * 1024);
        let clash = DocumentInput { code: "a".into(), ..doc.clone() };
        assert_eq!(put_document(&mut form, "", parse_document(&clash).unwrap()).unwrap_err(), Problem::FieldNameTaken);
        assert_eq!(
            parse_document(&DocumentInput { jpeg: false, ..doc.clone() }).unwrap_err(),
            Problem::DocumentTypesMissing
        );
        assert_eq!(
            parse_document(&DocumentInput { max_mb: "11".into(), ..doc.clone() }).unwrap_err(),
            Problem::DocumentSizeInvalid
        );
        arrange(&mut form, "photo", Arrange::Remove).unwrap();
        assert!(form.documents.is_empty());
    }

    #[test]
    fn fees_of_a_new_service_parse_and_round_trip() {
        let fees =
            parse_fees("32-pages | 32 pages | Kurasa 32 | 4,550\n48-pages | 48 pages | | 6050", "KES", false).unwrap();
        assert_eq!(fees.variants[0].amount_minor, 455_000);
        assert_eq!(fees.variants[1].label.sw, "");
        assert_eq!(parse_fees(&fees_text(&fees), "KES", false).unwrap(), fees);
        for bad in ["", "x | X | | 10\nx | Y | | 20", "bad code | X | | 1", "a | A | | -1", "a | A | 1", "a |  | | 1"] {
            assert_eq!(parse_fees(bad, "KES", false).unwrap_err(), Problem::ServiceFeesInvalid, "{bad:?}");
        }
        assert_eq!(parse_fees("a | A | | 1", "EUR", false).unwrap_err(), Problem::ServiceFeesInvalid);
    }

    #[test]
    fn publishing_needs_a_summary_a_form_and_for_new_services_a_second_admin() {
        let mut s = service();
        assert_eq!(check_publishable(&s).unwrap_err(), Problem::ServiceSummaryInvalid);
        s.summary = Localized::new("What it is.", "");
        assert_eq!(check_publishable(&s).unwrap_err(), Problem::FormEmpty);
        put_field(std::sync::Arc::make_mut(&mut s.form), "", parse_field(&text_field("a")).unwrap()).unwrap();
        assert_eq!(check_publishable(&s), Ok(()));
        let draft = Draft {
            id: 1,
            agency_code: "immigration".into(),
            is_new: true,
            service: s,
            state: DraftState::Draft,
            version: 3,
            created_by: 7,
            updated_by: 7,
            updated_by_name: "A".into(),
            updated_at: 0,
        };
        assert_eq!(may_publish(&draft, 7), Err(Problem::DraftSamePerson));
        assert_eq!(may_publish(&draft, 8), Ok(()));
        assert_eq!(may_publish(&Draft { is_new: false, ..draft }, 7), Ok(()));
    }

    proptest! {
        /// Whatever is typed into the field form, the builder either refuses it or leaves a
        /// form the catalogue accepts.
        #[test]
        fn the_builder_never_leaves_an_invalid_form(
            name in "[a-z_ 0-9A-Z]{0,12}", kind in 0usize..11, min in "[0-9-]{0,4}", max in "[0-9-]{0,4}",
            options in "[a-z|\n ]{0,20}", label in "[a-zA-Z ]{0,8}",
        ) {
            let mut form = FormDefinition::default();
            let input = FieldInput {
                kind: FIELD_KINDS.get(kind).copied().unwrap_or("bogus").into(),
                name, label_en: label, min: min.clone(), max: max.clone(), min_len: min, max_len: max, options,
                ..Default::default()
            };
            if let Ok(field) = parse_field(&input)
                && put_field(&mut form, "", field).is_ok()
            {
                prop_assert!(form.check().is_ok());
            }
        }
    }
}
