//! Application-form templates. Each is built once and shared (via `Arc`) by every service that
//! uses it, so 22,000 services cost a few dozen form definitions of memory.

use app::catalogue::model::{
    ChoiceOption, DocumentRequirement, DocumentType, FieldKind, FormDefinition, FormField, Localized,
};
use std::sync::Arc;

/// What the citizen mainly does with a service; picks the wording of generated summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// Apply and wait for a decision.
    Apply,
    /// Pay a charge and get a receipt.
    Pay,
    /// Book a visit, venue or slot.
    Book,
    /// Free request (information, complaint).
    Request,
}

/// A form with the checklist and in-person steps that go with it.
pub(super) struct Tpl {
    pub form: Arc<FormDefinition>,
    pub requirements: Vec<Localized>,
    pub in_person: Vec<Localized>,
    pub action: Action,
}

/// The form templates; the discriminant indexes [`Forms::all`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FormT {
    Passport,
    NationalId,
    CivilRegistration,
    Marriage,
    GoodConduct,
    DrivingLicence,
    DrivingTest,
    Vehicle,
    VehicleInspection,
    WorkPermit,
    Visa,
    BusinessName,
    Company,
    Sbp,
    Parking,
    Market,
    LandRates,
    RatesClearance,
    BuildingPlan,
    Planning,
    FireSafety,
    Liquor,
    FoodHygiene,
    Advertising,
    Cess,
    Livestock,
    Hospital,
    Burial,
    VenueHire,
    Event,
    Generic,
    Payment,
    Feedback,
    ProfessionalRegistration,
    ProfessionalRenewal,
    PremisesLicence,
    BusinessLicence,
    AcademicRecord,
    Admission,
    ExamRegistration,
    ParkEntry,
    EnvironmentPermit,
    ImportExport,
    CourtFiling,
    Supplier,
    Bursary,
    Research,
    Filming,
    Gazette,
    LandTransaction,
    IntellectualProperty,
    Utility,
    Inspection,
    Tax,
    Firearm,
    Election,
    Travel,
}

/// Every template, built once.
pub(super) struct Forms {
    all: Vec<Tpl>,
}

impl Forms {
    /// Builds every template.
    pub fn build() -> Self {
        use FormT::*;
        // Order must match the enum: `get` indexes by discriminant.
        let all = [
            Passport,
            NationalId,
            CivilRegistration,
            Marriage,
            GoodConduct,
            DrivingLicence,
            DrivingTest,
            Vehicle,
            VehicleInspection,
            WorkPermit,
            Visa,
            BusinessName,
            Company,
            Sbp,
            Parking,
            Market,
            LandRates,
            RatesClearance,
            BuildingPlan,
            Planning,
            FireSafety,
            Liquor,
            FoodHygiene,
            Advertising,
            Cess,
            Livestock,
            Hospital,
            Burial,
            VenueHire,
            Event,
            Generic,
            Payment,
            Feedback,
            ProfessionalRegistration,
            ProfessionalRenewal,
            PremisesLicence,
            BusinessLicence,
            AcademicRecord,
            Admission,
            ExamRegistration,
            ParkEntry,
            EnvironmentPermit,
            ImportExport,
            CourtFiling,
            Supplier,
            Bursary,
            Research,
            Filming,
            Gazette,
            LandTransaction,
            IntellectualProperty,
            Utility,
            Inspection,
            Tax,
            Firearm,
            Election,
            Travel,
        ]
        .into_iter()
        .map(template)
        .collect();
        Forms { all }
    }

    /// The template for `t`.
    pub fn get(&self, t: FormT) -> &Tpl {
        &self.all[t as usize]
    }

    /// Every template, for tests.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = &Tpl> {
        self.all.iter()
    }
}

/// A county's single-business-permit form, whose sub-county list is that county's own.
pub(super) fn county_sbp(subcounties: &[&str]) -> Tpl {
    let options: Vec<(String, &str)> = subcounties.iter().map(|s| (super::slug(s), *s)).collect();
    let mut t = template(FormT::Sbp);
    let mut form = (*t.form).clone();
    if let Some(f) = form.fields.iter_mut().find(|f| f.name == "sub_county") {
        f.kind = FieldKind::Choice {
            options: options
                .iter()
                .map(|(v, name)| ChoiceOption { value: v.clone(), label: Localized::new(*name, *name) })
                .collect(),
        };
    }
    t.form = Arc::new(form);
    t
}

fn l(en: &str, sw: &str) -> Localized {
    Localized::new(en, sw)
}

fn field(name: &str, en: &str, sw: &str, required: bool, kind: FieldKind) -> FormField {
    FormField { name: name.into(), label: l(en, sw), hint: None, required, kind }
}

fn text(name: &str, en: &str, sw: &str, max_len: u16) -> FormField {
    field(name, en, sw, true, FieldKind::Text { min_len: 1, max_len })
}

fn long(name: &str, en: &str, sw: &str, max_len: u16) -> FormField {
    field(name, en, sw, true, FieldKind::LongText { max_len })
}

fn num(name: &str, en: &str, sw: &str, min: i64, max: i64) -> FormField {
    field(name, en, sw, true, FieldKind::Number { min, max })
}

fn past_date(name: &str, en: &str, sw: &str) -> FormField {
    field(name, en, sw, true, FieldKind::Date { not_in_future: true, not_in_past: false })
}

fn future_date(name: &str, en: &str, sw: &str) -> FormField {
    field(name, en, sw, true, FieldKind::Date { not_in_future: false, not_in_past: true })
}

fn choice(name: &str, en: &str, sw: &str, options: &[(&str, &str, &str)]) -> FormField {
    let options =
        options.iter().map(|&(value, en, sw)| ChoiceOption { value: value.into(), label: l(en, sw) }).collect();
    field(name, en, sw, true, FieldKind::Choice { options })
}

fn hinted(mut f: FormField, en: &str, sw: &str) -> FormField {
    f.hint = Some(l(en, sw));
    f
}

fn optional(mut f: FormField) -> FormField {
    f.required = false;
    f
}

fn full_name() -> FormField {
    text("full_name", "Full name (as on your ID)", "Jina kamili (kama lilivyo kwenye kitambulisho)", 120)
}

fn national_id() -> FormField {
    field("national_id", "National ID number", "Nambari ya kitambulisho cha taifa", true, FieldKind::NationalId)
}

fn phone() -> FormField {
    hinted(
        field("phone", "Mobile phone number", "Nambari ya simu ya mkononi", true, FieldKind::Phone),
        "We send updates and the payment prompt to this number, e.g. 0712 345 678.",
        "Tutatuma taarifa na ombi la malipo kwa nambari hii, k.m. 0712 345 678.",
    )
}

fn email() -> FormField {
    field("email", "Email address", "Anwani ya barua pepe", false, FieldKind::Email)
}

fn kra_pin(name: &str) -> FormField {
    hinted(
        field(name, "KRA PIN", "PIN ya KRA", true, FieldKind::KraPin),
        "Eleven characters, e.g. A012345678Z.",
        "Herufi kumi na moja, k.m. A012345678Z.",
    )
}

fn declaration() -> FormField {
    field(
        "declaration",
        "I declare that the information given is true and complete",
        "Ninathibitisha kwamba taarifa nilizotoa ni za kweli na kamili",
        true,
        FieldKind::Declaration,
    )
}

fn applicant() -> Vec<FormField> {
    vec![full_name(), national_id(), phone(), email()]
}

fn plot_number() -> FormField {
    hinted(
        text("plot_number", "Plot or parcel number (LR No.)", "Nambari ya kiwanja (LR No.)", 60),
        "As on the title deed or rates demand, e.g. Nairobi/Block 72/1234.",
        "Kama ilivyo kwenye hati miliki au notisi ya kodi, k.m. Nairobi/Block 72/1234.",
    )
}

fn vehicle_reg() -> FormField {
    hinted(
        text("vehicle_registration", "Vehicle registration number", "Nambari ya usajili wa gari", 10),
        "For example KDA 123A.",
        "Kwa mfano KDA 123A.",
    )
}

fn location() -> FormField {
    text("physical_location", "Physical location (town, street, building)", "Mahali (mji, barabara, jengo)", 200)
}

const PDF: &[DocumentType] = &[DocumentType::Pdf];
const IMG: &[DocumentType] = &[DocumentType::Jpeg, DocumentType::Png];
const ANY: &[DocumentType] = &[DocumentType::Pdf, DocumentType::Jpeg, DocumentType::Png];
const MB: u32 = 1024 * 1024;

fn doc(code: &str, en: &str, sw: &str, required: bool, accepted: &[DocumentType], mb: u32) -> DocumentRequirement {
    DocumentRequirement {
        code: code.into(),
        label: l(en, sw),
        required,
        accepted: accepted.to_vec(),
        max_bytes: mb * MB,
    }
}

fn id_copy() -> DocumentRequirement {
    doc("id_copy", "Copy of national ID (both sides)", "Nakala ya kitambulisho cha taifa (pande zote)", true, ANY, 2)
}

fn photo() -> DocumentRequirement {
    doc(
        "passport_photo",
        "Recent passport-size colour photo on a white background",
        "Picha ya rangi ya pasipoti ya hivi karibuni yenye mandharinyuma meupe",
        true,
        IMG,
        2,
    )
}

fn kra_cert() -> DocumentRequirement {
    doc("kra_pin_certificate", "KRA PIN certificate", "Cheti cha PIN ya KRA", true, ANY, 2)
}

fn title_deed() -> DocumentRequirement {
    doc(
        "ownership_document",
        "Title deed, lease or allotment letter",
        "Hati miliki, mkataba wa upangaji au barua ya ugawaji",
        true,
        ANY,
        5,
    )
}

fn sbp_copy(required: bool) -> DocumentRequirement {
    doc("business_permit", "Current single business permit", "Kibali cha biashara cha mwaka huu", required, ANY, 2)
}

fn supporting(required: bool) -> DocumentRequirement {
    doc("supporting_document", "Supporting document", "Hati ya kuunga mkono ombi", required, ANY, 5)
}

fn business_fields() -> Vec<FormField> {
    vec![
        text("business_name", "Business or trading name", "Jina la biashara", 120),
        kra_pin("kra_pin"),
        optional(text(
            "registration_number",
            "Business registration number (BN or PVT)",
            "Nambari ya usajili wa biashara (BN au PVT)",
            30,
        )),
        location(),
        phone(),
        email(),
    ]
}

const YES_NO: &[(&str, &str, &str)] = &[("yes", "Yes", "Ndiyo"), ("no", "No", "Hapana")];

fn step(en: &str, sw: &str) -> Localized {
    l(en, sw)
}

/// Builds one template: fields, documents, extra checklist items, in-person steps and action.
fn template(t: FormT) -> Tpl {
    use FormT::*;
    let mut extra: Vec<Localized> = Vec::new();
    let mut in_person: Vec<Localized> = Vec::new();
    let mut action = Action::Apply;
    let (fields, documents) = match t {
        Passport => {
            extra.push(l(
                "Recommender's details: a Kenyan who has known you for at least 3 years (not a relative)",
                "Maelezo ya mdhamini: Mkenya aliyekujua kwa angalau miaka 3 (asiwe jamaa)",
            ));
            in_person.push(step(
                "Book an appointment and attend the passport office or Huduma Centre for fingerprints and photograph",
                "Weka miadi na ufike ofisi ya pasipoti au Kituo cha Huduma kwa alama za vidole na kupigwa picha",
            ));
            in_person.push(step(
                "Collect the passport in person when you receive the SMS that it is ready",
                "Chukua pasipoti mwenyewe utakapopokea SMS kwamba iko tayari",
            ));
            (
                vec![
                    text("surname", "Surname", "Jina la ukoo", 60),
                    text("other_names", "Other names", "Majina mengine", 80),
                    past_date("date_of_birth", "Date of birth", "Tarehe ya kuzaliwa"),
                    text(
                        "place_of_birth",
                        "Place of birth (county or country)",
                        "Mahali pa kuzaliwa (kaunti au nchi)",
                        80,
                    ),
                    national_id(),
                    choice(
                        "marital_status",
                        "Marital status",
                        "Hali ya ndoa",
                        &[
                            ("single", "Single", "Sijaoa/sijaolewa"),
                            ("married", "Married", "Nimeoa/nimeolewa"),
                            ("divorced", "Divorced", "Talaka"),
                            ("widowed", "Widowed", "Mjane/mgane"),
                        ],
                    ),
                    text("occupation", "Occupation", "Kazi", 80),
                    optional(text(
                        "previous_passport",
                        "Previous passport number, if any",
                        "Nambari ya pasipoti ya awali, kama ipo",
                        12,
                    )),
                    choice(
                        "issuing_office",
                        "Office for biometrics and collection",
                        "Ofisi ya alama za vidole na kuchukua pasipoti",
                        &[
                            ("nairobi", "Nairobi (Nyayo House)", "Nairobi (Nyayo House)"),
                            ("mombasa", "Mombasa", "Mombasa"),
                            ("kisumu", "Kisumu", "Kisumu"),
                            ("eldoret", "Eldoret", "Eldoret"),
                            ("nakuru", "Nakuru", "Nakuru"),
                            ("embu", "Embu", "Embu"),
                            ("kisii", "Kisii", "Kisii"),
                        ],
                    ),
                    text("next_of_kin", "Next of kin's full name", "Jina kamili la ndugu wa karibu", 120),
                    field(
                        "next_of_kin_phone",
                        "Next of kin's phone number",
                        "Nambari ya simu ya ndugu wa karibu",
                        true,
                        FieldKind::Phone,
                    ),
                    text("recommender_name", "Recommender's full name", "Jina kamili la mdhamini", 120),
                    field(
                        "recommender_id",
                        "Recommender's ID number",
                        "Nambari ya kitambulisho ya mdhamini",
                        true,
                        FieldKind::NationalId,
                    ),
                    phone(),
                    email(),
                    declaration(),
                ],
                vec![
                    photo(),
                    id_copy(),
                    doc("birth_certificate", "Birth certificate", "Cheti cha kuzaliwa", true, ANY, 2),
                    doc(
                        "recommender_id_copy",
                        "Copy of the recommender's ID",
                        "Nakala ya kitambulisho cha mdhamini",
                        true,
                        ANY,
                        2,
                    ),
                    doc(
                        "old_passport",
                        "Old passport bio-data page (renewals)",
                        "Ukurasa wa taarifa wa pasipoti ya zamani (kwa upyaji)",
                        false,
                        ANY,
                        2,
                    ),
                ],
            )
        }
        NationalId => {
            in_person.push(step(
                "Visit the registration office in your sub-county for fingerprints and photograph",
                "Tembelea ofisi ya usajili katika kaunti ndogo yako kwa alama za vidole na kupigwa picha",
            ));
            in_person.push(step("Collect the card at the same office", "Chukua kitambulisho katika ofisi hiyo hiyo"));
            (
                vec![
                    full_name(),
                    past_date("date_of_birth", "Date of birth", "Tarehe ya kuzaliwa"),
                    text("place_of_birth", "Place of birth (sub-location)", "Mahali pa kuzaliwa (kata ndogo)", 80),
                    text("father_name", "Father's full name", "Jina kamili la baba", 120),
                    text("mother_name", "Mother's full name", "Jina kamili la mama", 120),
                    optional(text(
                        "previous_id",
                        "Previous ID number (replacements)",
                        "Nambari ya kitambulisho cha awali (kwa mbadala)",
                        10,
                    )),
                    phone(),
                    declaration(),
                ],
                vec![
                    doc("birth_certificate", "Birth certificate", "Cheti cha kuzaliwa", true, ANY, 2),
                    doc("parent_id", "Copy of a parent's ID", "Nakala ya kitambulisho cha mzazi", true, ANY, 2),
                    doc(
                        "police_abstract",
                        "Police abstract (lost ID only)",
                        "Barua ya polisi (kitambulisho kilichopotea pekee)",
                        false,
                        ANY,
                        2,
                    ),
                ],
            )
        }
        CivilRegistration => (
            vec![
                text("subject_name", "Full name on the record", "Jina kamili kwenye rekodi", 120),
                past_date("event_date", "Date of the birth or death", "Tarehe ya kuzaliwa au kifo"),
                text("event_place", "Place of the birth or death", "Mahali pa kuzaliwa au kifo", 120),
                optional(text(
                    "entry_number",
                    "Entry or registration number, if known",
                    "Nambari ya usajili, kama inajulikana",
                    20,
                )),
                choice(
                    "relationship",
                    "Your relationship to the person",
                    "Uhusiano wako na mhusika",
                    &[
                        ("self", "Self", "Mimi mwenyewe"),
                        ("parent", "Parent", "Mzazi"),
                        ("child", "Child", "Mtoto"),
                        ("spouse", "Spouse", "Mwenzi wa ndoa"),
                        ("other", "Other", "Mwingine"),
                    ],
                ),
                national_id(),
                phone(),
                declaration(),
            ],
            vec![
                doc(
                    "notification",
                    "Birth or death notification from the hospital or chief",
                    "Taarifa ya kuzaliwa au kifo kutoka hospitali au kwa chifu",
                    true,
                    ANY,
                    3,
                ),
                id_copy(),
            ],
        ),
        Marriage => {
            in_person.push(step(
                "Both parties and two witnesses attend the Registrar's office on the booked date",
                "Wahusika wote wawili na mashahidi wawili wafike ofisi ya Msajili siku iliyopangwa",
            ));
            (
                vec![
                    text("party_one_name", "First party's full name", "Jina kamili la mhusika wa kwanza", 120),
                    field(
                        "party_one_id",
                        "First party's ID or passport number",
                        "Kitambulisho au pasipoti ya mhusika wa kwanza",
                        true,
                        FieldKind::NationalId,
                    ),
                    text("party_two_name", "Second party's full name", "Jina kamili la mhusika wa pili", 120),
                    field(
                        "party_two_id",
                        "Second party's ID or passport number",
                        "Kitambulisho au pasipoti ya mhusika wa pili",
                        true,
                        FieldKind::NationalId,
                    ),
                    future_date("proposed_date", "Proposed date of marriage", "Tarehe inayopendekezwa ya ndoa"),
                    text("venue", "Venue or registry office", "Mahali au ofisi ya usajili", 120),
                    text("witness_one", "First witness's full name", "Jina kamili la shahidi wa kwanza", 120),
                    text("witness_two", "Second witness's full name", "Jina kamili la shahidi wa pili", 120),
                    phone(),
                    declaration(),
                ],
                vec![
                    doc(
                        "ids",
                        "Copies of both parties' IDs or passports",
                        "Nakala za vitambulisho au pasipoti za wahusika wote",
                        true,
                        ANY,
                        3,
                    ),
                    doc(
                        "photos",
                        "Passport photos of both parties",
                        "Picha za pasipoti za wahusika wote",
                        true,
                        IMG,
                        3,
                    ),
                    doc(
                        "marital_status_affidavit",
                        "Affidavit of marital status (foreign nationals, divorced or widowed parties)",
                        "Hati ya kiapo ya hali ya ndoa (wageni, waliotalikiana au wajane)",
                        false,
                        PDF,
                        3,
                    ),
                ],
            )
        }
        GoodConduct => {
            in_person.push(step(
                "Have your fingerprints taken at DCI headquarters, a Huduma Centre or a police station",
                "Chukuliwa alama za vidole katika makao makuu ya DCI, Kituo cha Huduma au kituo cha polisi",
            ));
            (
                vec![
                    full_name(),
                    national_id(),
                    past_date("date_of_birth", "Date of birth", "Tarehe ya kuzaliwa"),
                    choice(
                        "purpose",
                        "Purpose of the certificate",
                        "Madhumuni ya cheti",
                        &[
                            ("employment", "Employment", "Ajira"),
                            ("travel", "Travel or visa", "Safari au viza"),
                            ("study", "Further studies", "Masomo zaidi"),
                            ("adoption", "Adoption or fostering", "Kuasili mtoto"),
                            ("other", "Other", "Mengineyo"),
                        ],
                    ),
                    choice(
                        "fingerprint_centre",
                        "Where you will give fingerprints",
                        "Mahali utakapotoa alama za vidole",
                        &[
                            ("dci-hq", "DCI headquarters, Kiambu Road", "Makao makuu ya DCI, Barabara ya Kiambu"),
                            ("huduma", "Huduma Centre", "Kituo cha Huduma"),
                            ("police-station", "County police headquarters", "Makao makuu ya polisi ya kaunti"),
                        ],
                    ),
                    phone(),
                    email(),
                    declaration(),
                ],
                vec![id_copy(), photo()],
            )
        }
        DrivingLicence => (
            vec![
                full_name(),
                national_id(),
                hinted(
                    text("licence_number", "Driving licence number", "Nambari ya leseni ya udereva", 20),
                    "As printed on your current licence.",
                    "Kama ilivyochapishwa kwenye leseni yako ya sasa.",
                ),
                text(
                    "licence_classes",
                    "Licence classes held (e.g. B, C1)",
                    "Madaraja ya leseni uliyo nayo (k.m. B, C1)",
                    40,
                ),
                past_date("date_of_birth", "Date of birth", "Tarehe ya kuzaliwa"),
                phone(),
                email(),
                declaration(),
            ],
            vec![doc(
                "current_licence",
                "Copy of your current or expired licence",
                "Nakala ya leseni yako ya sasa au iliyoisha muda",
                false,
                ANY,
                2,
            )],
        ),
        DrivingTest => {
            in_person.push(step(
                "Sit the theory and practical driving test at the NTSA test centre on the booked date",
                "Fanya mtihani wa nadharia na wa vitendo wa udereva katika kituo cha NTSA siku iliyopangwa",
            ));
            (
                vec![
                    full_name(),
                    national_id(),
                    past_date("date_of_birth", "Date of birth", "Tarehe ya kuzaliwa"),
                    text("driving_school", "Driving school attended", "Shule ya udereva uliyosoma", 120),
                    choice(
                        "licence_class",
                        "Class applied for",
                        "Daraja unaloomba",
                        &[
                            ("a", "A – motorcycles", "A – pikipiki"),
                            ("b", "B – light vehicles", "B – magari madogo"),
                            ("c1", "C1 – light trucks", "C1 – malori madogo"),
                            ("c", "C – medium trucks", "C – malori ya kati"),
                            ("d1", "D1 – vans and minibuses", "D1 – vani na mabasi madogo"),
                            ("ce", "CE – prime movers", "CE – matrekta ya kukokota"),
                        ],
                    ),
                    future_date("preferred_test_date", "Preferred test date", "Tarehe unayopendelea ya mtihani"),
                    phone(),
                    declaration(),
                ],
                vec![
                    id_copy(),
                    photo(),
                    doc(
                        "school_certificate",
                        "Driving school completion certificate",
                        "Cheti cha kumaliza shule ya udereva",
                        true,
                        ANY,
                        2,
                    ),
                    doc(
                        "medical_certificate",
                        "Medical and eye test certificate",
                        "Cheti cha afya na macho",
                        false,
                        ANY,
                        2,
                    ),
                ],
            )
        }
        Vehicle => (
            vec![
                vehicle_reg(),
                text("chassis_number", "Chassis (VIN) number", "Nambari ya chasisi (VIN)", 20),
                text("make_model", "Make and model", "Aina na modeli", 60),
                num("year_of_manufacture", "Year of manufacture", "Mwaka wa kutengenezwa", 1950, 2100),
                kra_pin("owner_kra_pin"),
                national_id(),
                phone(),
                declaration(),
            ],
            vec![
                doc("logbook", "Copy of the logbook", "Nakala ya kitabu cha kumbukumbu za gari", true, ANY, 3),
                id_copy(),
                kra_cert(),
            ],
        ),
        VehicleInspection => {
            action = Action::Book;
            in_person.push(step(
                "Bring the vehicle to the inspection centre on the booked date",
                "Leta gari katika kituo cha ukaguzi siku iliyopangwa",
            ));
            (
                vec![
                    vehicle_reg(),
                    choice(
                        "inspection_centre",
                        "Inspection centre",
                        "Kituo cha ukaguzi",
                        &[
                            ("likoni-road", "Nairobi – Likoni Road", "Nairobi – Barabara ya Likoni"),
                            ("mombasa", "Mombasa – Changamwe", "Mombasa – Changamwe"),
                            ("nakuru", "Nakuru", "Nakuru"),
                            ("kisumu", "Kisumu", "Kisumu"),
                            ("eldoret", "Eldoret", "Eldoret"),
                            ("nyeri", "Nyeri", "Nyeri"),
                            ("machakos", "Machakos", "Machakos"),
                        ],
                    ),
                    future_date("preferred_date", "Preferred inspection date", "Tarehe unayopendelea ya ukaguzi"),
                    phone(),
                ],
                vec![doc("logbook", "Copy of the logbook", "Nakala ya kitabu cha kumbukumbu za gari", true, ANY, 3)],
            )
        }
        WorkPermit => {
            in_person.push(step(
                "Present the original passport at the immigration office to have the permit or pass endorsed",
                "Wasilisha pasipoti halisi katika ofisi ya uhamiaji ili kibali kigongwe muhuri",
            ));
            (
                vec![
                    text("full_name", "Full name as in passport", "Jina kamili kama lilivyo kwenye pasipoti", 120),
                    text("passport_number", "Passport number", "Nambari ya pasipoti", 15),
                    text("nationality", "Nationality", "Uraia", 60),
                    optional(text("employer_name", "Employer or sponsor", "Mwajiri au mdhamini", 120)),
                    optional(kra_pin("employer_kra_pin")),
                    optional(text("position", "Position or activity in Kenya", "Cheo au shughuli nchini Kenya", 120)),
                    num("duration_months", "Period requested (months)", "Muda unaoombwa (miezi)", 1, 60),
                    phone(),
                    email(),
                    declaration(),
                ],
                vec![
                    doc("passport_bio_page", "Passport bio-data page", "Ukurasa wa taarifa wa pasipoti", true, ANY, 2),
                    photo(),
                    doc("cv", "Curriculum vitae", "Wasifu (CV)", false, PDF, 3),
                    doc(
                        "academic_certificates",
                        "Academic and professional certificates",
                        "Vyeti vya elimu na taaluma",
                        false,
                        PDF,
                        5,
                    ),
                    doc(
                        "sponsor_letter",
                        "Cover letter from the employer or sponsor",
                        "Barua kutoka kwa mwajiri au mdhamini",
                        true,
                        PDF,
                        3,
                    ),
                ],
            )
        }
        Visa => (
            vec![
                text("full_name", "Full name as in passport", "Jina kamili kama lilivyo kwenye pasipoti", 120),
                text("passport_number", "Passport number", "Nambari ya pasipoti", 15),
                text("nationality", "Nationality", "Uraia", 60),
                future_date("arrival_date", "Date of arrival", "Tarehe ya kuwasili"),
                future_date("departure_date", "Date of departure", "Tarehe ya kuondoka"),
                text("address_in_kenya", "Address or hotel in Kenya", "Anwani au hoteli nchini Kenya", 200),
                field("email", "Email address", "Anwani ya barua pepe", true, FieldKind::Email),
                declaration(),
            ],
            vec![
                doc("passport_bio_page", "Passport bio-data page", "Ukurasa wa taarifa wa pasipoti", true, ANY, 2),
                photo(),
                doc(
                    "itinerary",
                    "Return ticket or travel itinerary",
                    "Tiketi ya kurudi au ratiba ya safari",
                    true,
                    ANY,
                    3,
                ),
            ],
        ),
        BusinessName => (
            vec![
                text(
                    "proposed_name_1",
                    "Proposed business name (first choice)",
                    "Jina la biashara linalopendekezwa (chaguo la kwanza)",
                    120,
                ),
                optional(text("proposed_name_2", "Second choice", "Chaguo la pili", 120)),
                text("nature_of_business", "Nature of business", "Aina ya biashara", 200),
                kra_pin("kra_pin"),
                national_id(),
                location(),
                phone(),
                email(),
                declaration(),
            ],
            vec![id_copy(), photo()],
        ),
        Company => (
            vec![
                text("company_name", "Proposed company name", "Jina la kampuni linalopendekezwa", 160),
                choice(
                    "company_type",
                    "Type of company",
                    "Aina ya kampuni",
                    &[
                        ("private", "Private limited by shares", "Binafsi yenye hisa"),
                        ("public", "Public limited by shares", "Ya umma yenye hisa"),
                        ("guarantee", "Limited by guarantee", "Yenye dhamana"),
                    ],
                ),
                num("share_capital", "Nominal share capital (KSh)", "Mtaji wa hisa (KSh)", 0, 10_000_000_000),
                num("directors", "Number of directors", "Idadi ya wakurugenzi", 1, 50),
                text("registered_office", "Registered office address", "Anwani ya ofisi iliyosajiliwa", 200),
                kra_pin("kra_pin"),
                phone(),
                email(),
                declaration(),
            ],
            vec![
                doc(
                    "constitution",
                    "Memorandum and articles of association",
                    "Mkataba na kanuni za kampuni",
                    true,
                    PDF,
                    5,
                ),
                doc(
                    "director_ids",
                    "IDs or passports of all directors",
                    "Vitambulisho au pasipoti za wakurugenzi wote",
                    true,
                    PDF,
                    5,
                ),
                doc(
                    "beneficial_owners",
                    "Register of beneficial owners",
                    "Rejista ya wamiliki wanufaika",
                    true,
                    PDF,
                    3,
                ),
            ],
        ),
        Sbp => {
            in_person.push(step(
                "A county revenue officer may inspect the premises before the permit is issued",
                "Afisa wa mapato wa kaunti anaweza kukagua majengo kabla kibali kutolewa",
            ));
            let mut fields = business_fields();
            fields.extend([
                text("activity", "Business activity", "Shughuli ya biashara", 200),
                text("sub_county", "Sub-county", "Kaunti ndogo", 60),
                text("ward", "Ward", "Wadi", 60),
                optional(plot_number()),
                num("employees", "Number of employees", "Idadi ya wafanyakazi", 0, 100_000),
                num("premises_area", "Premises area (square metres)", "Ukubwa wa majengo (mita mraba)", 0, 1_000_000),
                choice(
                    "application_type",
                    "New permit or renewal",
                    "Kibali kipya au upyaji",
                    &[("new", "New", "Kipya"), ("renewal", "Renewal", "Upyaji")],
                ),
                declaration(),
            ]);
            (
                fields,
                vec![
                    kra_cert(),
                    id_copy(),
                    doc(
                        "registration_certificate",
                        "Business registration certificate",
                        "Cheti cha usajili wa biashara",
                        false,
                        ANY,
                        2,
                    ),
                    doc(
                        "lease",
                        "Lease agreement or proof of premises",
                        "Mkataba wa upangaji au uthibitisho wa majengo",
                        false,
                        ANY,
                        5,
                    ),
                ],
            )
        }
        Parking => {
            action = Action::Pay;
            (
                vec![
                    vehicle_reg(),
                    choice(
                        "vehicle_class",
                        "Vehicle class",
                        "Aina ya gari",
                        &[
                            ("saloon", "Saloon, SUV or pick-up", "Saloon, SUV au pick-up"),
                            ("matatu", "Matatu or minibus", "Matatu au basi dogo"),
                            ("bus", "Bus", "Basi"),
                            ("lorry", "Lorry", "Lori"),
                            ("motorcycle", "Motorcycle or tuk-tuk", "Pikipiki au tuk-tuk"),
                        ],
                    ),
                    phone(),
                ],
                vec![],
            )
        }
        Market => {
            action = Action::Pay;
            (
                vec![
                    full_name(),
                    phone(),
                    text("market_name", "Market", "Soko", 80),
                    optional(text("stall_number", "Stall or plot number", "Nambari ya kibanda", 20)),
                    text("goods", "Goods or services sold", "Bidhaa au huduma unazouza", 120),
                ],
                vec![],
            )
        }
        LandRates => {
            action = Action::Pay;
            (
                vec![
                    plot_number(),
                    text("owner_name", "Registered owner", "Mmiliki aliyesajiliwa", 120),
                    num("rating_year", "Rating year", "Mwaka wa kodi", 2000, 2100),
                    phone(),
                ],
                vec![],
            )
        }
        RatesClearance => (
            vec![
                plot_number(),
                text("owner_name", "Registered owner", "Mmiliki aliyesajiliwa", 120),
                choice(
                    "purpose",
                    "Purpose",
                    "Madhumuni",
                    &[
                        ("transfer", "Transfer of the property", "Uhamisho wa mali"),
                        ("charge", "Charge or mortgage", "Rehani"),
                        ("subdivision", "Subdivision or change of user", "Ugawaji au mabadiliko ya matumizi"),
                        ("other", "Other", "Mengineyo"),
                    ],
                ),
                national_id(),
                phone(),
                declaration(),
            ],
            vec![title_deed(), id_copy()],
        ),
        BuildingPlan => {
            in_person.push(step(
                "County building inspectors visit the site at foundation, walling and completion stages",
                "Wakaguzi wa majengo wa kaunti hutembelea eneo katika hatua za msingi, kuta na kukamilika",
            ));
            (
                vec![
                    plot_number(),
                    text("project_title", "Project description", "Maelezo ya mradi", 200),
                    num(
                        "floor_area",
                        "Total floor area (square metres)",
                        "Jumla ya eneo la sakafu (mita mraba)",
                        1,
                        1_000_000,
                    ),
                    num("floors", "Number of floors", "Idadi ya ghorofa", 1, 100),
                    num("estimated_cost", "Estimated cost (KSh)", "Gharama inayokadiriwa (KSh)", 0, 100_000_000_000),
                    text(
                        "architect",
                        "Architect's name and BORAQS number",
                        "Jina la mbunifu na nambari ya BORAQS",
                        120,
                    ),
                    optional(text(
                        "engineer",
                        "Structural engineer's name and EBK number",
                        "Jina la mhandisi wa miundo na nambari ya EBK",
                        120,
                    )),
                    phone(),
                    declaration(),
                ],
                vec![
                    doc("architectural_drawings", "Architectural drawings", "Michoro ya usanifu", true, PDF, 20),
                    doc(
                        "structural_drawings",
                        "Structural drawings and calculations",
                        "Michoro ya miundo na hesabu",
                        false,
                        PDF,
                        20,
                    ),
                    title_deed(),
                    doc(
                        "rates_clearance",
                        "Land rates clearance certificate",
                        "Cheti cha kulipa kodi ya ardhi",
                        true,
                        ANY,
                        2,
                    ),
                    doc(
                        "eia_licence",
                        "NEMA EIA licence (large projects)",
                        "Leseni ya NEMA ya tathmini ya mazingira (miradi mikubwa)",
                        false,
                        PDF,
                        5,
                    ),
                ],
            )
        }
        Planning => {
            extra.push(l(
                "Notice of the application published in a daily newspaper and on site",
                "Tangazo la ombi kuchapishwa kwenye gazeti la kila siku na kwenye eneo husika",
            ));
            in_person.push(step(
                "Site inspection by the county physical planner",
                "Ukaguzi wa eneo na mpangaji miji wa kaunti",
            ));
            (
                vec![
                    plot_number(),
                    num("land_area", "Land area (square metres)", "Ukubwa wa ardhi (mita mraba)", 1, 100_000_000),
                    text("current_use", "Current use", "Matumizi ya sasa", 120),
                    text("proposed_use", "Proposed use or scheme", "Matumizi yanayopendekezwa", 200),
                    text("planner", "Registered physical planner", "Mpangaji miji aliyesajiliwa", 120),
                    national_id(),
                    phone(),
                    declaration(),
                ],
                vec![
                    title_deed(),
                    doc("scheme_plan", "Scheme plan or sketch plan", "Mpango wa ugawaji au mchoro", true, PDF, 10),
                    doc(
                        "rates_clearance",
                        "Land rates clearance certificate",
                        "Cheti cha kulipa kodi ya ardhi",
                        true,
                        ANY,
                        2,
                    ),
                ],
            )
        }
        FireSafety => {
            in_person.push(step(
                "Fire officers inspect the premises, extinguishers, exits and alarms",
                "Maafisa wa zimamoto hukagua majengo, vizima moto, milango ya dharura na kengele",
            ));
            (
                vec![
                    text("premises_name", "Premises or business name", "Jina la majengo au biashara", 120),
                    location(),
                    num("floor_area", "Floor area (square metres)", "Eneo la sakafu (mita mraba)", 1, 1_000_000),
                    num("occupants", "Usual number of occupants", "Idadi ya kawaida ya watu ndani", 0, 100_000),
                    num("extinguishers", "Number of fire extinguishers", "Idadi ya vizima moto", 0, 10_000),
                    phone(),
                    declaration(),
                ],
                vec![
                    sbp_copy(false),
                    doc("evacuation_plan", "Fire evacuation plan", "Mpango wa kuondoka wakati wa moto", false, ANY, 5),
                ],
            )
        }
        Liquor => {
            in_person.push(step(
                "Appear before the sub-county alcoholic drinks control committee if called",
                "Fika mbele ya kamati ya udhibiti wa vileo ya kaunti ndogo ukiitwa",
            ));
            in_person.push(step(
                "Premises inspection by the county liquor inspector",
                "Ukaguzi wa majengo na mkaguzi wa vileo wa kaunti",
            ));
            let mut fields = business_fields();
            fields.extend([
                national_id(),
                text("operating_hours", "Proposed operating hours", "Saa za kazi zinazopendekezwa", 60),
                choice("renewal", "Renewal of an existing licence?", "Upyaji wa leseni iliyopo?", YES_NO),
                declaration(),
            ]);
            (
                fields,
                vec![
                    sbp_copy(true),
                    doc("health_certificate", "Public health certificate", "Cheti cha afya ya umma", true, ANY, 2),
                    doc("fire_certificate", "Fire safety certificate", "Cheti cha usalama wa moto", true, ANY, 2),
                    doc("good_conduct", "Certificate of good conduct", "Cheti cha tabia njema", true, ANY, 2),
                    doc("site_plan", "Site plan of the premises", "Mchoro wa eneo la majengo", false, PDF, 5),
                ],
            )
        }
        FoodHygiene => {
            in_person.push(step(
                "Public health officers inspect the kitchen, storage, water supply and toilets",
                "Maafisa wa afya ya umma hukagua jiko, stoo, maji na vyoo",
            ));
            let mut fields = business_fields();
            fields.extend([
                num("food_handlers", "Number of food handlers", "Idadi ya wahudumu wa chakula", 0, 10_000),
                declaration(),
            ]);
            (
                fields,
                vec![
                    sbp_copy(false),
                    doc(
                        "medical_certificates",
                        "Medical certificates of all food handlers",
                        "Vyeti vya afya vya wahudumu wote wa chakula",
                        true,
                        PDF,
                        5,
                    ),
                ],
            )
        }
        Advertising => (
            vec![
                text("advertiser", "Advertiser or agency", "Mtangazaji au wakala", 120),
                kra_pin("kra_pin"),
                location(),
                num("size_sq_m", "Size of the sign (square metres)", "Ukubwa wa tangazo (mita mraba)", 1, 2_000),
                num("duration_months", "Duration (months)", "Muda (miezi)", 1, 12),
                choice("illuminated", "Illuminated?", "Lina mwanga?", YES_NO),
                phone(),
                declaration(),
            ],
            vec![
                doc("artwork", "Artwork or mock-up of the advert", "Mchoro wa tangazo", true, ANY, 5),
                doc("site_photo", "Photo of the proposed site", "Picha ya eneo linalopendekezwa", true, IMG, 5),
                doc(
                    "owner_consent",
                    "Landlord's or building owner's consent",
                    "Idhini ya mwenye jengo au ardhi",
                    false,
                    ANY,
                    2,
                ),
            ],
        ),
        Cess => {
            action = Action::Pay;
            (
                vec![
                    text("commodity", "Produce or material", "Mazao au bidhaa", 80),
                    num(
                        "quantity",
                        "Quantity (units as chosen below)",
                        "Kiasi (vipimo kama ilivyochaguliwa)",
                        1,
                        100_000,
                    ),
                    vehicle_reg(),
                    text("origin", "Loading point", "Mahali pa kupakia", 80),
                    text("destination", "Destination", "Unakoelekea", 80),
                    phone(),
                ],
                vec![],
            )
        }
        Livestock => (
            vec![
                choice(
                    "species",
                    "Animals",
                    "Wanyama",
                    &[
                        ("cattle", "Cattle", "Ng'ombe"),
                        ("goats", "Goats", "Mbuzi"),
                        ("sheep", "Sheep", "Kondoo"),
                        ("pigs", "Pigs", "Nguruwe"),
                        ("camels", "Camels", "Ngamia"),
                        ("poultry", "Poultry", "Kuku"),
                        ("donkeys", "Donkeys", "Punda"),
                        ("dogs", "Dogs", "Mbwa"),
                    ],
                ),
                num("number", "Number of animals", "Idadi ya wanyama", 1, 100_000),
                text("origin", "From (village or market)", "Kutoka (kijiji au soko)", 80),
                optional(text("destination", "To", "Kwenda", 80)),
                full_name(),
                phone(),
            ],
            vec![],
        ),
        Hospital => {
            action = Action::Pay;
            in_person.push(step(
                "Present the receipt at the hospital records desk or the relevant clinic",
                "Onyesha risiti katika dawati la kumbukumbu la hospitali au kliniki husika",
            ));
            (
                vec![
                    text("patient_name", "Patient's full name", "Jina kamili la mgonjwa", 120),
                    optional(text(
                        "patient_number",
                        "Hospital patient number, if any",
                        "Nambari ya mgonjwa ya hospitali, kama ipo",
                        20,
                    )),
                    optional(field(
                        "national_id",
                        "Patient's ID number",
                        "Nambari ya kitambulisho ya mgonjwa",
                        false,
                        FieldKind::NationalId,
                    )),
                    optional(text(
                        "sha_number",
                        "SHA member number, if any",
                        "Nambari ya uanachama wa SHA, kama ipo",
                        20,
                    )),
                    phone(),
                ],
                vec![doc(
                    "referral_letter",
                    "Referral letter, if referred",
                    "Barua ya rufaa, kama umepewa",
                    false,
                    ANY,
                    3,
                )],
            )
        }
        Burial => (
            vec![
                text("deceased_name", "Name of the deceased", "Jina la marehemu", 120),
                past_date("date_of_death", "Date of death", "Tarehe ya kifo"),
                text("cemetery", "Cemetery or place of burial", "Makaburi au mahali pa kuzika", 120),
                full_name(),
                national_id(),
                phone(),
            ],
            vec![doc(
                "burial_permit",
                "Burial permit from the registrar of deaths",
                "Kibali cha mazishi kutoka kwa msajili wa vifo",
                true,
                ANY,
                2,
            )],
        ),
        VenueHire => {
            action = Action::Book;
            (
                vec![
                    text("organiser", "Organiser or organisation", "Mwandalizi au shirika", 120),
                    text("event", "Event", "Tukio", 120),
                    future_date("event_date", "Date", "Tarehe"),
                    num("days", "Number of days", "Idadi ya siku", 1, 30),
                    num("attendance", "Expected attendance", "Idadi ya watu wanaotarajiwa", 1, 100_000),
                    phone(),
                    email(),
                ],
                vec![],
            )
        }
        Event => (
            vec![
                text("organiser", "Organiser or organisation", "Mwandalizi au shirika", 120),
                text("event", "Event", "Tukio", 120),
                location(),
                future_date("event_date", "Date", "Tarehe"),
                num("attendance", "Expected attendance", "Idadi ya watu wanaotarajiwa", 1, 100_000),
                phone(),
                declaration(),
            ],
            vec![doc(
                "police_notification",
                "Police notification (public events)",
                "Taarifa kwa polisi (matukio ya umma)",
                false,
                ANY,
                2,
            )],
        ),
        Generic => {
            let mut fields = applicant();
            fields
                .extend([long("details", "Details of your application", "Maelezo ya ombi lako", 2000), declaration()]);
            (fields, vec![id_copy(), supporting(false)])
        }
        Payment => {
            action = Action::Pay;
            (
                vec![
                    full_name(),
                    phone(),
                    optional(text(
                        "reference",
                        "Account, file or assessment number",
                        "Nambari ya akaunti, faili au tathmini",
                        40,
                    )),
                ],
                vec![],
            )
        }
        Feedback => {
            action = Action::Request;
            (
                vec![
                    full_name(),
                    phone(),
                    email(),
                    text("subject", "Subject", "Kichwa", 120),
                    long("details", "Details", "Maelezo", 4000),
                    choice(
                        "reply_by",
                        "How should we reply?",
                        "Tukujibu vipi?",
                        &[("sms", "SMS", "SMS"), ("email", "Email", "Barua pepe"), ("letter", "Letter", "Barua")],
                    ),
                ],
                vec![doc("attachment", "Attachment (optional)", "Kiambatisho (si lazima)", false, ANY, 5)],
            )
        }
        ProfessionalRegistration => {
            in_person.push(step(
                "Present original certificates for verification if requested",
                "Wasilisha vyeti halisi kwa uthibitisho ukiombwa",
            ));
            let mut fields = applicant();
            fields.extend([
                text("qualification", "Highest relevant qualification", "Sifa ya juu inayohusika", 160),
                text("institution", "Institution", "Chuo", 160),
                num("year_qualified", "Year qualified", "Mwaka wa kuhitimu", 1950, 2100),
                kra_pin("kra_pin"),
                declaration(),
            ]);
            (
                fields,
                vec![
                    doc(
                        "certificates",
                        "Academic and professional certificates",
                        "Vyeti vya elimu na taaluma",
                        true,
                        PDF,
                        5,
                    ),
                    doc("transcripts", "Academic transcripts", "Nakala za matokeo", true, PDF, 5),
                    id_copy(),
                    photo(),
                    doc("good_conduct", "Certificate of good conduct", "Cheti cha tabia njema", false, ANY, 2),
                ],
            )
        }
        ProfessionalRenewal => (
            vec![
                full_name(),
                text("registration_number", "Registration number", "Nambari ya usajili", 30),
                text("practice_address", "Practice address", "Anwani ya mahali pa kazi", 200),
                num("cpd_points", "CPD points earned this year", "Alama za CPD za mwaka huu", 0, 500),
                phone(),
                declaration(),
            ],
            vec![doc("cpd_evidence", "CPD certificates", "Vyeti vya CPD", false, PDF, 5)],
        ),
        PremisesLicence => {
            in_person.push(step("Inspection of the premises by the regulator", "Ukaguzi wa majengo na mdhibiti"));
            let mut fields = business_fields();
            fields.extend([
                text(
                    "superintendent",
                    "Superintendent's name and registration number",
                    "Jina la msimamizi na nambari ya usajili",
                    120,
                ),
                text("county", "County", "Kaunti", 40),
                declaration(),
            ]);
            (
                fields,
                vec![
                    doc("floor_plan", "Floor plan of the premises", "Mchoro wa sakafu ya majengo", true, PDF, 5),
                    doc("lease", "Lease agreement or title", "Mkataba wa upangaji au hati miliki", true, ANY, 5),
                    sbp_copy(false),
                    kra_cert(),
                ],
            )
        }
        BusinessLicence => {
            let mut fields = business_fields();
            fields.extend([
                text("licence_category", "Licence category applied for", "Aina ya leseni unayoomba", 120),
                declaration(),
            ]);
            (
                fields,
                vec![
                    doc(
                        "incorporation",
                        "Certificate of incorporation or registration",
                        "Cheti cha usajili wa kampuni au biashara",
                        true,
                        ANY,
                        3,
                    ),
                    kra_cert(),
                    doc("cr12", "CR12 or list of directors", "CR12 au orodha ya wakurugenzi", false, PDF, 3),
                    doc(
                        "tax_compliance",
                        "Tax compliance certificate",
                        "Cheti cha kufuata kanuni za kodi",
                        true,
                        ANY,
                        2,
                    ),
                ],
            )
        }
        AcademicRecord => {
            in_person.push(step(
                "Collect the document at the registry if you chose collection",
                "Chukua hati katika ofisi ya usajili ikiwa ulichagua kuchukua mwenyewe",
            ));
            (
                vec![
                    full_name(),
                    text("student_number", "Registration or index number", "Nambari ya usajili au ya mtihani", 30),
                    text("programme", "Programme or course", "Programu au kozi", 160),
                    num("year_completed", "Year completed", "Mwaka wa kumaliza", 1950, 2100),
                    choice(
                        "delivery",
                        "Delivery",
                        "Namna ya kupokea",
                        &[
                            ("collect", "Collect in person", "Kuchukua mwenyewe"),
                            ("courier", "Courier (extra charges apply)", "Kwa msafirishaji (gharama ya ziada)"),
                            ("email", "Email to an institution", "Barua pepe kwa taasisi"),
                        ],
                    ),
                    phone(),
                    email(),
                ],
                vec![
                    id_copy(),
                    doc(
                        "police_abstract",
                        "Police abstract (lost documents)",
                        "Barua ya polisi (hati zilizopotea)",
                        false,
                        ANY,
                        2,
                    ),
                ],
            )
        }
        Admission => (
            vec![
                full_name(),
                past_date("date_of_birth", "Date of birth", "Tarehe ya kuzaliwa"),
                optional(national_id()),
                text("kcse_index", "KCSE index number and year", "Nambari ya mtihani wa KCSE na mwaka", 30),
                choice(
                    "mean_grade",
                    "KCSE mean grade",
                    "Wastani wa alama za KCSE",
                    &[
                        ("a", "A", "A"),
                        ("a-minus", "A-", "A-"),
                        ("b-plus", "B+", "B+"),
                        ("b", "B", "B"),
                        ("b-minus", "B-", "B-"),
                        ("c-plus", "C+", "C+"),
                        ("c", "C", "C"),
                        ("c-minus", "C-", "C-"),
                        ("d-plus", "D+", "D+"),
                        ("d", "D or below", "D au chini"),
                    ],
                ),
                text("programme_1", "First-choice programme", "Programu ya chaguo la kwanza", 160),
                optional(text("programme_2", "Second-choice programme", "Programu ya chaguo la pili", 160)),
                phone(),
                email(),
                declaration(),
            ],
            vec![
                doc("result_slip", "KCSE certificate or result slip", "Cheti au hati ya matokeo ya KCSE", true, ANY, 3),
                doc("birth_certificate", "Birth certificate or ID", "Cheti cha kuzaliwa au kitambulisho", true, ANY, 2),
                photo(),
                doc(
                    "other_certificates",
                    "Other certificates (diploma, degree)",
                    "Vyeti vingine (stashahada, shahada)",
                    false,
                    PDF,
                    5,
                ),
            ],
        ),
        ExamRegistration => {
            in_person.push(step(
                "Sit the examination at the allocated centre with your ID and entry permit",
                "Fanya mtihani katika kituo ulichopangiwa ukiwa na kitambulisho na kibali cha kuingia",
            ));
            let mut fields = applicant();
            fields.extend([
                text("exam_centre", "Preferred examination centre", "Kituo cha mtihani unachopendelea", 120),
                text("papers", "Papers, units or trade applied for", "Karatasi, vitengo au fani unazoomba", 200),
                declaration(),
            ]);
            (
                fields,
                vec![
                    photo(),
                    id_copy(),
                    doc("prior_results", "Previous results slip, if any", "Matokeo ya awali, kama yapo", false, ANY, 3),
                ],
            )
        }
        ParkEntry => {
            action = Action::Book;
            in_person.push(step(
                "Show the e-ticket (QR code) and your ID or passport at the gate",
                "Onyesha tiketi ya kielektroniki (msimbo QR) na kitambulisho au pasipoti langoni",
            ));
            (
                vec![
                    future_date("visit_date", "Date of visit", "Tarehe ya kutembelea"),
                    num("adults", "Adults", "Watu wazima", 0, 500),
                    num("children", "Children (3–17 years)", "Watoto (miaka 3–17)", 0, 500),
                    optional(vehicle_reg()),
                    full_name(),
                    phone(),
                ],
                vec![],
            )
        }
        EnvironmentPermit => {
            in_person.push(step(
                "Site verification visit by the agency's inspectors",
                "Ukaguzi wa eneo na wakaguzi wa shirika",
            ));
            let mut fields = business_fields();
            fields.extend([
                text("project_title", "Project or activity", "Mradi au shughuli", 200),
                num("project_cost", "Project cost (KSh)", "Gharama ya mradi (KSh)", 0, 1_000_000_000_000),
                long(
                    "description",
                    "Description of the activity and its effects",
                    "Maelezo ya shughuli na athari zake",
                    4000,
                ),
                declaration(),
            ]);
            (
                fields,
                vec![
                    doc("project_report", "Project or assessment report", "Ripoti ya mradi au tathmini", true, PDF, 20),
                    title_deed(),
                    kra_cert(),
                ],
            )
        }
        ImportExport => {
            let mut fields = business_fields();
            fields.extend([
                text("commodity", "Commodity", "Bidhaa", 160),
                text("hs_code", "HS tariff code", "Msimbo wa ushuru (HS)", 12),
                num("quantity", "Quantity (kg or units)", "Kiasi (kilo au vipande)", 1, 1_000_000_000),
                text("country", "Country of origin or destination", "Nchi ya asili au inakokwenda", 60),
                choice(
                    "port",
                    "Port or border point",
                    "Bandari au mpaka",
                    &[
                        ("mombasa", "Mombasa port", "Bandari ya Mombasa"),
                        ("jkia", "JKIA, Nairobi", "JKIA, Nairobi"),
                        ("malaba", "Malaba", "Malaba"),
                        ("busia", "Busia", "Busia"),
                        ("namanga", "Namanga", "Namanga"),
                        ("isebania", "Isebania", "Isebania"),
                        ("lunga-lunga", "Lunga Lunga", "Lunga Lunga"),
                        ("moyale", "Moyale", "Moyale"),
                    ],
                ),
                declaration(),
            ]);
            (
                fields,
                vec![
                    doc("invoice", "Pro-forma or commercial invoice", "Ankara ya awali au ya biashara", true, PDF, 5),
                    kra_cert(),
                ],
            )
        }
        CourtFiling => {
            in_person.push(step(
                "Attend court on the dates given in the summons or cause list",
                "Hudhuria mahakama siku zilizotajwa kwenye wito au orodha ya kesi",
            ));
            (
                vec![
                    text("filed_by", "Party filing (name)", "Mhusika anayewasilisha (jina)", 120),
                    text("other_party", "Other party or parties", "Mhusika au wahusika wengine", 200),
                    text("court_station", "Court or tribunal station", "Kituo cha mahakama au baraza", 80),
                    optional(text(
                        "case_number",
                        "Existing case number, if any",
                        "Nambari ya kesi iliyopo, kama ipo",
                        40,
                    )),
                    num(
                        "claim_value",
                        "Value of the claim (KSh, 0 if none)",
                        "Thamani ya madai (KSh, 0 kama hakuna)",
                        0,
                        100_000_000_000,
                    ),
                    national_id(),
                    phone(),
                    email(),
                ],
                vec![doc(
                    "pleadings",
                    "Pleadings or application (signed)",
                    "Hati za madai au ombi (zilizotiwa sahihi)",
                    true,
                    PDF,
                    20,
                )],
            )
        }
        Supplier => {
            let mut fields = business_fields();
            fields.extend([
                choice(
                    "agpo",
                    "AGPO category, if any",
                    "Kundi la AGPO, kama lipo",
                    &[
                        ("none", "None", "Hakuna"),
                        ("youth", "Youth", "Vijana"),
                        ("women", "Women", "Wanawake"),
                        ("pwd", "Persons with disabilities", "Watu wenye ulemavu"),
                    ],
                ),
                text("categories", "Goods, works or services offered", "Bidhaa, kazi au huduma zinazotolewa", 400),
                declaration(),
            ]);
            (
                fields,
                vec![
                    doc(
                        "incorporation",
                        "Certificate of incorporation or registration",
                        "Cheti cha usajili",
                        true,
                        ANY,
                        3,
                    ),
                    doc(
                        "tax_compliance",
                        "Tax compliance certificate",
                        "Cheti cha kufuata kanuni za kodi",
                        true,
                        ANY,
                        2,
                    ),
                    doc("agpo_certificate", "AGPO certificate, if any", "Cheti cha AGPO, kama kipo", false, ANY, 2),
                ],
            )
        }
        Bursary => {
            let mut fields = applicant();
            fields.extend([
                text("institution", "School, college or university", "Shule, chuo au chuo kikuu", 160),
                text("admission_number", "Admission or registration number", "Nambari ya usajili", 30),
                num(
                    "household_income",
                    "Monthly household income (KSh)",
                    "Mapato ya kaya kwa mwezi (KSh)",
                    0,
                    10_000_000,
                ),
                choice(
                    "orphan_status",
                    "Orphan status",
                    "Hali ya uyatima",
                    &[
                        ("none", "Both parents alive", "Wazazi wote hai"),
                        ("partial", "One parent deceased", "Mzazi mmoja amefariki"),
                        ("total", "Both parents deceased", "Wazazi wote wamefariki"),
                    ],
                ),
                declaration(),
            ]);
            (
                fields,
                vec![
                    doc("fee_structure", "Fee structure or fee statement", "Muundo au taarifa ya ada", true, PDF, 3),
                    doc(
                        "admission_letter",
                        "Admission letter or student ID",
                        "Barua ya kujiunga au kitambulisho cha mwanafunzi",
                        true,
                        ANY,
                        3,
                    ),
                    id_copy(),
                ],
            )
        }
        Research => {
            let mut fields = applicant();
            fields.extend([
                text("institution", "Institution", "Taasisi", 160),
                text("title", "Research title", "Kichwa cha utafiti", 300),
                text("study_area", "Counties or sites", "Kaunti au maeneo ya utafiti", 200),
                num("duration_months", "Duration (months)", "Muda (miezi)", 1, 60),
                choice(
                    "level",
                    "Level",
                    "Ngazi",
                    &[
                        ("undergraduate", "Undergraduate", "Shahada ya kwanza"),
                        ("masters", "Masters", "Uzamili"),
                        ("phd", "PhD", "Uzamivu"),
                        ("institutional", "Institutional or commercial", "Ya taasisi au kibiashara"),
                    ],
                ),
                declaration(),
            ]);
            (
                fields,
                vec![
                    doc("proposal", "Research proposal", "Pendekezo la utafiti", true, PDF, 10),
                    doc(
                        "introduction_letter",
                        "Introduction letter from the institution",
                        "Barua ya utambulisho kutoka taasisi",
                        true,
                        PDF,
                        2,
                    ),
                    id_copy(),
                ],
            )
        }
        Filming => {
            let mut fields = applicant();
            fields.extend([
                text("production", "Production title", "Jina la filamu au kipindi", 160),
                text("company", "Production company", "Kampuni ya utayarishaji", 120),
                text("locations", "Filming locations", "Maeneo ya kupiga picha", 300),
                future_date("start_date", "First filming day", "Siku ya kwanza ya kupiga picha"),
                num("crew", "Crew size", "Idadi ya wafanyakazi", 1, 1_000),
                declaration(),
            ]);
            (
                fields,
                vec![
                    doc("synopsis", "Script or synopsis", "Hati au muhtasari wa hadithi", true, PDF, 10),
                    doc(
                        "crew_list",
                        "Crew list with passport or ID numbers",
                        "Orodha ya wafanyakazi na nambari za pasipoti au vitambulisho",
                        true,
                        PDF,
                        3,
                    ),
                ],
            )
        }
        Gazette => {
            let mut fields = applicant();
            fields.extend([long("notice_text", "Text of the notice", "Maandishi ya tangazo", 4000), declaration()]);
            (
                fields,
                vec![doc(
                    "supporting_affidavit",
                    "Supporting affidavit or deed poll",
                    "Hati ya kiapo au hati ya kubadili jina",
                    true,
                    PDF,
                    5,
                )],
            )
        }
        LandTransaction => {
            in_person.push(step(
                "Original documents are presented at the land registry for booking and registration",
                "Hati halisi huwasilishwa katika masjala ya ardhi kwa usajili",
            ));
            (
                vec![
                    text("title_number", "Title number", "Nambari ya hati miliki", 60),
                    text("parties", "Parties to the transaction", "Wahusika wa muamala", 300),
                    num("consideration", "Consideration or value (KSh)", "Thamani (KSh)", 0, 100_000_000_000),
                    kra_pin("kra_pin"),
                    national_id(),
                    phone(),
                    declaration(),
                ],
                vec![
                    doc(
                        "instrument",
                        "Signed instrument (transfer, charge, lease)",
                        "Hati iliyotiwa sahihi (uhamisho, rehani, upangaji)",
                        true,
                        PDF,
                        10,
                    ),
                    title_deed(),
                    doc(
                        "ids_pins",
                        "IDs and KRA PINs of all parties",
                        "Vitambulisho na PIN za KRA za wahusika wote",
                        true,
                        PDF,
                        5,
                    ),
                ],
            )
        }
        IntellectualProperty => (
            vec![
                text("applicant", "Applicant (person or company)", "Mwombaji (mtu au kampuni)", 160),
                kra_pin("kra_pin"),
                text("title", "Title, mark or work", "Jina, alama au kazi", 200),
                optional(num(
                    "nice_class",
                    "Class (Nice classification, trade marks)",
                    "Daraja (uainishaji wa Nice, alama za biashara)",
                    1,
                    45,
                )),
                long("description", "Description", "Maelezo", 4000),
                phone(),
                email(),
                declaration(),
            ],
            vec![doc(
                "representation",
                "Representation, specification or copy of the work",
                "Mchoro, maelezo au nakala ya kazi",
                true,
                ANY,
                10,
            )],
        ),
        Utility => (
            vec![
                full_name(),
                national_id(),
                plot_number(),
                location(),
                optional(text(
                    "account_number",
                    "Existing account or meter number",
                    "Nambari ya akaunti au mita iliyopo",
                    30,
                )),
                phone(),
            ],
            vec![title_deed()],
        ),
        Inspection => {
            in_person.push(step(
                "An inspector visits or you bring the equipment to the office",
                "Mkaguzi hutembelea au unaleta kifaa ofisini",
            ));
            (
                vec![
                    text("owner", "Owner or business", "Mmiliki au biashara", 120),
                    location(),
                    text("equipment", "Equipment or premises to inspect", "Kifaa au majengo ya kukaguliwa", 200),
                    num("units", "Number of units", "Idadi ya vifaa", 1, 10_000),
                    phone(),
                ],
                vec![],
            )
        }
        Tax => (
            vec![
                kra_pin("kra_pin"),
                full_name(),
                text("tax_period", "Tax period", "Kipindi cha kodi", 20),
                phone(),
                email(),
                declaration(),
            ],
            vec![supporting(false)],
        ),
        Firearm => {
            in_person.push(step(
                "Interview and firearm-handling assessment at the Firearms Licensing Board",
                "Mahojiano na tathmini ya matumizi ya silaha katika Bodi ya Leseni za Silaha",
            ));
            let mut fields = applicant();
            fields.extend([
                text("firearm_type", "Type and calibre of firearm", "Aina na kipimo cha silaha", 80),
                long("reason", "Reason for requiring a firearm", "Sababu ya kuhitaji silaha", 2000),
                declaration(),
            ]);
            (
                fields,
                vec![
                    id_copy(),
                    photo(),
                    doc("good_conduct", "Certificate of good conduct", "Cheti cha tabia njema", true, ANY, 2),
                    doc("medical_report", "Medical and psychiatric report", "Ripoti ya afya na akili", true, PDF, 3),
                ],
            )
        }
        Election => {
            let mut fields = applicant();
            fields.extend([
                text("electoral_area", "County, constituency or ward", "Kaunti, eneo bunge au wadi", 120),
                optional(text("party", "Political party, if any", "Chama cha siasa, kama kipo", 120)),
                declaration(),
            ]);
            (fields, vec![id_copy(), supporting(false)])
        }
        Travel => {
            action = Action::Book;
            in_person.push(step(
                "Show the e-ticket and your ID or passport at boarding",
                "Onyesha tiketi ya kielektroniki na kitambulisho au pasipoti wakati wa kupanda",
            ));
            (
                vec![
                    full_name(),
                    text("id_or_passport", "ID or passport number", "Nambari ya kitambulisho au pasipoti", 20),
                    text("from", "From", "Kutoka", 60),
                    text("to", "To", "Kwenda", 60),
                    future_date("travel_date", "Travel date", "Tarehe ya safari"),
                    num("passengers", "Number of passengers", "Idadi ya abiria", 1, 20),
                    phone(),
                ],
                vec![],
            )
        }
    };
    let form = FormDefinition { fields, documents };
    let mut requirements = extra;
    for d in form.documents.iter().filter(|d| d.required) {
        requirements.push(d.label.clone());
    }
    if requirements.is_empty() {
        requirements.push(match action {
            Action::Pay | Action::Book => l(
                "A phone that can receive an M-Pesa or Airtel Money prompt, or a card",
                "Simu inayoweza kupokea ombi la M-Pesa au Airtel Money, au kadi",
            ),
            _ => l("Your national ID or passport number", "Nambari ya kitambulisho cha taifa au pasipoti"),
        });
    }
    Tpl { form: Arc::new(form), requirements, in_person, action }
}
