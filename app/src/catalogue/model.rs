//! The service catalogue: agencies, services, fees, forms. Pure data and validation rules.

use crate::i18n::Lang;
use crate::money::{Currency, Money};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// Text in both official languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Localized {
    /// English.
    pub en: String,
    /// Kiswahili.
    pub sw: String,
}

impl Localized {
    /// Builds a pair from English and Kiswahili.
    pub fn new(en: impl Into<String>, sw: impl Into<String>) -> Self {
        Localized { en: en.into(), sw: sw.into() }
    }

    /// The text in `lang`, falling back to English when the Kiswahili is missing.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sw if !self.sw.trim().is_empty() => &self.sw,
            _ => &self.en,
        }
    }
}

/// Why a code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Wrong length.
    #[error("must be between {min} and {max} characters long")]
    Length {
        /// Minimum length.
        min: usize,
        /// Maximum length.
        max: usize,
    },
    /// Characters other than a–z, 0–9 and single hyphens.
    #[error("may contain only letters a–z, digits and single hyphens, and must not start or end with a hyphen")]
    Characters,
}

/// Whether `code` can name a fee variant as it stands (1–40 of a–z, 0–9 and single hyphens).
pub fn is_variant_code(code: &str) -> bool {
    parse_code(code, 1, 40).as_deref() == Ok(code)
}

fn parse_code(raw: &str, min: usize, max: usize) -> Result<String, CodeError> {
    let code = raw.trim().to_ascii_lowercase();
    if code.len() < min || code.len() > max {
        return Err(CodeError::Length { min, max });
    }
    let ok_chars = code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok_chars || code.starts_with('-') || code.ends_with('-') || code.contains("--") {
        return Err(CodeError::Characters);
    }
    Ok(code)
}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses and normalises (lower case) a code.
            pub fn parse(raw: &str) -> Result<Self, CodeError> {
                parse_code(raw, $min, $max).map($name)
            }
            /// The code as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = CodeError;
            fn try_from(s: String) -> Result<Self, CodeError> {
                Self::parse(&s)
            }
        }
        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

code_type!(
    /// Stable agency code used in URLs and the API, e.g. `ntsa`, `county-047`.
    AgencyCode, 2, 32
);
code_type!(
    /// Stable service code used in URLs and the API, e.g. `dis-passport-ordinary`.
    ServiceCode, 3, 80
);

/// What sort of public body an agency is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// A ministry.
    Ministry,
    /// A state department within a ministry.
    StateDepartment,
    /// A state corporation, authority, board or other semi-autonomous agency.
    StateAgency,
    /// A constitutional commission, independent office or the Judiciary.
    Constitutional,
    /// One of the 47 county governments.
    County,
}

impl AgencyKind {
    /// All kinds, in the order the home page groups them.
    pub const ALL: [AgencyKind; 5] = [
        AgencyKind::Ministry,
        AgencyKind::StateDepartment,
        AgencyKind::StateAgency,
        AgencyKind::Constitutional,
        AgencyKind::County,
    ];

    /// The stable snake_case name used in the API and CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Ministry => "ministry",
            AgencyKind::StateDepartment => "state_department",
            AgencyKind::StateAgency => "state_agency",
            AgencyKind::Constitutional => "constitutional",
            AgencyKind::County => "county",
        }
    }

    /// Parses the stable name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// A public body that offers services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// Stable code.
    pub code: AgencyCode,
    /// Kind of body.
    pub kind: AgencyKind,
    /// Official name.
    pub name: Localized,
    /// What the agency does, in a sentence or two.
    pub description: Localized,
    /// County number 1–47 for county governments.
    pub county_number: Option<u8>,
    /// Public website, if any.
    pub website: Option<String>,
}

/// Broad kinds of service, for browsing and icons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Identity, civil registration and travel documents.
    IdentityAndTravel,
    /// Driving, vehicles and transport.
    Transport,
    /// Business registration, permits and trade licences.
    Business,
    /// Land, property, planning and rates.
    Land,
    /// Health, food hygiene and medicines.
    Health,
    /// Education, examinations and professional registration.
    Education,
    /// Police, justice and legal services.
    Justice,
    /// Tax and revenue.
    Tax,
    /// Tourism, wildlife and parks.
    Tourism,
    /// Agriculture, livestock and fisheries.
    Agriculture,
    /// Environment, energy, water and natural resources.
    Environment,
    /// Employment, labour and social protection.
    Labour,
    /// Parking, markets, fees and other county charges.
    CountyCharges,
    /// Everything else.
    Other,
}

impl Category {
    /// All categories.
    pub const ALL: [Category; 14] = [
        Category::IdentityAndTravel,
        Category::Transport,
        Category::Business,
        Category::Land,
        Category::Health,
        Category::Education,
        Category::Justice,
        Category::Tax,
        Category::Tourism,
        Category::Agriculture,
        Category::Environment,
        Category::Labour,
        Category::CountyCharges,
        Category::Other,
    ];

    /// The stable snake_case name used in the API and CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::IdentityAndTravel => "identity_and_travel",
            Category::Transport => "transport",
            Category::Business => "business",
            Category::Land => "land",
            Category::Health => "health",
            Category::Education => "education",
            Category::Justice => "justice",
            Category::Tax => "tax",
            Category::Tourism => "tourism",
            Category::Agriculture => "agriculture",
            Category::Environment => "environment",
            Category::Labour => "labour",
            Category::CountyCharges => "county_charges",
            Category::Other => "other",
        }
    }

    /// Parses the stable name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// One priced option of a service, e.g. "Ordinary passport, 32 pages".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeVariant {
    /// Stable code within the service, e.g. `32-pages`; `standard` when there is one price.
    pub code: String,
    /// What the citizen chooses.
    pub label: Localized,
    /// Government fee in minor units of the schedule's currency (0 = free).
    pub amount_minor: i64,
}

/// The prices of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeSchedule {
    /// Currency of every variant.
    pub currency: Currency,
    /// Waived by the Cabinet Secretary: no convenience fee is added.
    pub convenience_fee_waived: bool,
    /// At least one variant.
    pub variants: Vec<FeeVariant>,
}

impl FeeSchedule {
    /// A single price in shillings.
    pub fn single_kes(shillings: i64) -> Self {
        FeeSchedule {
            currency: Currency::Kes,
            convenience_fee_waived: false,
            variants: vec![FeeVariant {
                code: "standard".into(),
                label: Localized::new("Standard", "Kawaida"),
                amount_minor: shillings * 100,
            }],
        }
    }

    /// The variant with this code.
    pub fn variant(&self, code: &str) -> Option<&FeeVariant> {
        self.variants.iter().find(|v| v.code == code)
    }

    /// Amount of a variant as money.
    pub fn amount(&self, variant: &FeeVariant) -> Money {
        Money { minor: variant.amount_minor, currency: self.currency }
    }

    /// The lowest price, for "from KSh …" in lists.
    pub fn from_amount(&self) -> Money {
        let minor = self.variants.iter().map(|v| v.amount_minor).min().unwrap_or(0);
        Money { minor, currency: self.currency }
    }
}

/// A citizen-supplied document the service needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRequirement {
    /// Stable code within the form, e.g. `passport_photo`.
    pub code: String,
    /// What to upload.
    pub label: Localized,
    /// Whether the application cannot be submitted without it.
    pub required: bool,
    /// Accepted file types.
    pub accepted: Vec<DocumentType>,
    /// Largest accepted file, in bytes.
    pub max_bytes: u32,
}

/// File types an upload may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentType {
    /// application/pdf
    Pdf,
    /// image/jpeg
    Jpeg,
    /// image/png
    Png,
}

impl DocumentType {
    /// The MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            DocumentType::Pdf => "application/pdf",
            DocumentType::Jpeg => "image/jpeg",
            DocumentType::Png => "image/png",
        }
    }

    /// Short name shown to citizens.
    pub fn label(self) -> &'static str {
        match self {
            DocumentType::Pdf => "PDF",
            DocumentType::Jpeg => "JPEG",
            DocumentType::Png => "PNG",
        }
    }
}

/// One choice of a choice field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    /// Submitted value.
    pub value: String,
    /// What the citizen sees.
    pub label: Localized,
}

/// The type of a form field and its validation rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// One line of text.
    Text {
        /// Fewest characters.
        min_len: u16,
        /// Most characters.
        max_len: u16,
    },
    /// Several lines of text.
    LongText {
        /// Most characters.
        max_len: u16,
    },
    /// A whole number in a range.
    Number {
        /// Smallest accepted.
        min: i64,
        /// Largest accepted.
        max: i64,
    },
    /// A calendar date.
    Date {
        /// Must not be after today (e.g. date of birth).
        not_in_future: bool,
        /// Must not be before today (e.g. travel date).
        not_in_past: bool,
    },
    /// One of a fixed list.
    Choice {
        /// The choices; at least one.
        options: Vec<ChoiceOption>,
    },
    /// A Kenyan mobile number.
    Phone,
    /// An email address.
    Email,
    /// A national ID number.
    NationalId,
    /// A KRA personal identification number.
    KraPin,
    /// A box that must be ticked, e.g. a declaration.
    Declaration,
}

/// One field of a service's application form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    /// Machine name, snake_case, unique in the form.
    pub name: String,
    /// Label shown to the citizen.
    pub label: Localized,
    /// Hint shown under the label.
    pub hint: Option<Localized>,
    /// Whether a value is needed.
    pub required: bool,
    /// Type and rules.
    pub kind: FieldKind,
}

/// The application form of a service: typed fields and required documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FormDefinition {
    /// Fields in display order.
    pub fields: Vec<FormField>,
    /// Documents to upload.
    pub documents: Vec<DocumentRequirement>,
}

/// Why a form definition is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormDefinitionError {
    /// Field or document names must be snake_case identifiers.
    #[error("field name {0:?} must be lower-case letters, digits and underscores, starting with a letter")]
    BadName(String),
    /// Two fields or documents share a name.
    #[error("field name {0:?} is used twice")]
    Duplicate(String),
    /// A range whose minimum is above its maximum.
    #[error("field {0:?} has a minimum above its maximum")]
    BadRange(String),
    /// A choice field with no options.
    #[error("field {0:?} has no options to choose from")]
    NoOptions(String),
    /// A document that accepts no file types or no bytes.
    #[error("document {0:?} accepts no file types or has a zero size limit")]
    BadDocument(String),
    /// A label left empty.
    #[error("{0:?} has an empty English label")]
    EmptyLabel(String),
}

/// Whether `s` can name a form field or document: a–z first, then a–z, 0–9 or `_`, at most 48.
pub fn is_ident(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && s.len() <= 48
}

impl FormDefinition {
    /// Checks the definition is well formed (unique names, sane ranges, options present).
    pub fn check(&self) -> Result<(), FormDefinitionError> {
        let mut seen = std::collections::HashSet::new();
        for f in &self.fields {
            if !is_ident(&f.name) {
                return Err(FormDefinitionError::BadName(f.name.clone()));
            }
            if !seen.insert(f.name.as_str()) {
                return Err(FormDefinitionError::Duplicate(f.name.clone()));
            }
            if f.label.en.trim().is_empty() {
                return Err(FormDefinitionError::EmptyLabel(f.name.clone()));
            }
            match &f.kind {
                FieldKind::Text { min_len, max_len } if min_len > max_len || *max_len == 0 => {
                    return Err(FormDefinitionError::BadRange(f.name.clone()));
                }
                FieldKind::Number { min, max } if min > max => {
                    return Err(FormDefinitionError::BadRange(f.name.clone()));
                }
                FieldKind::Date { not_in_future: true, not_in_past: true } => {
                    return Err(FormDefinitionError::BadRange(f.name.clone()));
                }
                FieldKind::Choice { options } if options.is_empty() => {
                    return Err(FormDefinitionError::NoOptions(f.name.clone()));
                }
                _ => {}
            }
        }
        for d in &self.documents {
            if !is_ident(&d.code) {
                return Err(FormDefinitionError::BadName(d.code.clone()));
            }
            if !seen.insert(d.code.as_str()) {
                return Err(FormDefinitionError::Duplicate(d.code.clone()));
            }
            if d.accepted.is_empty() || d.max_bytes == 0 {
                return Err(FormDefinitionError::BadDocument(d.code.clone()));
            }
            if d.label.en.trim().is_empty() {
                return Err(FormDefinitionError::EmptyLabel(d.code.clone()));
            }
        }
        Ok(())
    }
}

/// A government service as published in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Stable code.
    pub code: ServiceCode,
    /// The agency that delivers it.
    pub agency: AgencyCode,
    /// Broad kind, for browsing.
    pub category: Category,
    /// Name.
    pub name: Localized,
    /// One or two sentences on what it is and who needs it.
    pub summary: Localized,
    /// What the applicant needs to have ready.
    pub requirements: Vec<Localized>,
    /// Steps that must be done in person (biometrics, collection, inspection).
    pub in_person_steps: Vec<Localized>,
    /// Prices.
    pub fees: FeeSchedule,
    /// Service-charter promise, in working days from a complete, paid application.
    pub timeline_days: u16,
    /// The application form; shared between services built from the same template.
    pub form: Arc<FormDefinition>,
    /// Extra search words (abbreviations, other names), space separated.
    pub keywords: String,
    /// Relative demand, used to rank search results and pick popular services.
    pub popularity: u32,
}

/// Why a service cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    /// A name is missing.
    #[error("the English name is empty")]
    NoName,
    /// Names must be short enough for lists and SMS.
    #[error("the name is longer than 160 characters")]
    NameTooLong,
    /// No fee variants.
    #[error("the fee schedule has no prices")]
    NoFees,
    /// Negative fee.
    #[error("fee variant {0:?} is negative")]
    NegativeFee(String),
    /// Too large fee.
    #[error("fee variant {0:?} is larger than KSh 100,000,000")]
    FeeTooLarge(String),
    /// Two variants with one code.
    #[error("fee variant code {0:?} is used twice")]
    DuplicateVariant(String),
    /// Variant code malformed.
    #[error("fee variant code {0:?} may contain only a–z, 0–9 and hyphens")]
    BadVariantCode(String),
    /// Timeline out of range.
    #[error("the charter timeline must be between 1 and 365 working days")]
    Timeline,
    /// Form definition problem.
    #[error("the application form is not valid: {0}")]
    Form(#[from] FormDefinitionError),
}

impl Service {
    /// Checks the service can be published.
    pub fn check(&self) -> Result<(), ServiceError> {
        if self.name.en.trim().is_empty() {
            return Err(ServiceError::NoName);
        }
        if self.name.en.chars().count() > 160 || self.name.sw.chars().count() > 160 {
            return Err(ServiceError::NameTooLong);
        }
        if self.fees.variants.is_empty() {
            return Err(ServiceError::NoFees);
        }
        let mut seen = std::collections::HashSet::new();
        for v in &self.fees.variants {
            if !is_variant_code(&v.code) {
                return Err(ServiceError::BadVariantCode(v.code.clone()));
            }
            if !seen.insert(v.code.as_str()) {
                return Err(ServiceError::DuplicateVariant(v.code.clone()));
            }
            if v.amount_minor < 0 {
                return Err(ServiceError::NegativeFee(v.code.clone()));
            }
            if v.amount_minor > crate::money::MAX_FEE_MINOR {
                return Err(ServiceError::FeeTooLarge(v.code.clone()));
            }
        }
        if self.timeline_days == 0 || self.timeline_days > 365 {
            return Err(ServiceError::Timeline);
        }
        self.form.check()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_and_checked() {
        assert_eq!(AgencyCode::parse(" NTSA ").map(|c| c.0), Ok("ntsa".to_string()));
        assert!(AgencyCode::parse("n").is_err());
        assert_eq!(ServiceCode::parse("dis--passport"), Err(CodeError::Characters));
        assert_eq!(ServiceCode::parse("-dis"), Err(CodeError::Characters));
        assert_eq!(ServiceCode::parse("dis passport"), Err(CodeError::Characters));
        assert!(ServiceCode::parse("dis-passport-ordinary-32").is_ok());
    }

    #[test]
    fn localized_falls_back_to_english() {
        let t = Localized::new("Passport", "");
        assert_eq!(t.get(Lang::Sw), "Passport");
        let t = Localized::new("Passport", "Pasipoti");
        assert_eq!(t.get(Lang::Sw), "Pasipoti");
    }

    #[test]
    fn form_definition_rules() {
        let field = |name: &str, kind| FormField {
            name: name.into(),
            label: Localized::new("Label", "Lebo"),
            hint: None,
            required: true,
            kind,
        };
        let ok = FormDefinition {
            fields: vec![field("full_name", FieldKind::Text { min_len: 2, max_len: 100 })],
            documents: vec![],
        };
        assert_eq!(ok.check(), Ok(()));
        let dup = FormDefinition {
            fields: vec![field("a", FieldKind::Phone), field("a", FieldKind::Email)],
            documents: vec![],
        };
        assert_eq!(dup.check(), Err(FormDefinitionError::Duplicate("a".into())));
        let range =
            FormDefinition { fields: vec![field("n", FieldKind::Number { min: 5, max: 1 })], documents: vec![] };
        assert_eq!(range.check(), Err(FormDefinitionError::BadRange("n".into())));
        let bad = FormDefinition { fields: vec![field("Full Name", FieldKind::Phone)], documents: vec![] };
        assert!(matches!(bad.check(), Err(FormDefinitionError::BadName(_))));
        let choice =
            FormDefinition { fields: vec![field("c", FieldKind::Choice { options: vec![] })], documents: vec![] };
        assert_eq!(choice.check(), Err(FormDefinitionError::NoOptions("c".into())));
    }
}
