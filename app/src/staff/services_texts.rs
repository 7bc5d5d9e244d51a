//! Words of the service editor (drafts, form builder, publication), in English and Kiswahili.

use crate::i18n::Lang;

/// The service editor's words in one language.
#[derive(Debug)]
pub struct ServiceTexts {
    /// Page heading and staff-home link.
    pub heading: &'static str,
    /// What the page is for.
    pub lead: &'static str,
    /// Heading of the open drafts.
    pub drafts_heading: &'static str,
    /// No open drafts.
    pub no_drafts: &'static str,
    /// Link to an open draft.
    pub continue_editing: &'static str,
    /// Tag of a new service's draft.
    pub new_tag: &'static str,
    /// "Last changed by {name}, {when}".
    pub changed_by: fn(&str, &str) -> String,
    /// Heading of the published services.
    pub edit_heading: &'static str,
    /// Label of the search box.
    pub search_label: &'static str,
    /// Search button.
    pub search_button: &'static str,
    /// Column: service.
    pub service_col: &'static str,
    /// Column: charter timeline.
    pub timeline_col: &'static str,
    /// Button: start editing.
    pub edit_button: &'static str,
    /// "Showing the first {n} of {total}; search to find others."
    pub more_hint: fn(usize, usize) -> String,
    /// Nothing matches the search.
    pub none_found: &'static str,
    /// "{n} working days".
    pub days: fn(u16) -> String,
    /// Heading of the new-service form.
    pub new_heading: &'static str,
    /// Label: code.
    pub code_label: &'static str,
    /// Hint under the code: it starts with the agency's code.
    pub code_hint: fn(&str) -> String,
    /// Label: English name.
    pub name_en: &'static str,
    /// Label: Kiswahili name.
    pub name_sw: &'static str,
    /// Label: category.
    pub category_label: &'static str,
    /// Button: create the draft.
    pub create_button: &'static str,
    /// "Editing: {name}".
    pub editing: fn(&str) -> String,
    /// "Draft, version {n}. Citizens see nothing of it until it is published."
    pub draft_status: fn(i64) -> String,
    /// The draft is in the catalogue.
    pub published_notice: &'static str,
    /// The draft was thrown away.
    pub discarded_notice: &'static str,
    /// Link to the service's public page.
    pub view_live: &'static str,
    /// Link back to the list.
    pub back: &'static str,
    /// Heading: details.
    pub details_heading: &'static str,
    /// Label: English summary.
    pub summary_en: &'static str,
    /// Label: Kiswahili summary.
    pub summary_sw: &'static str,
    /// Label: charter timeline.
    pub timeline_label: &'static str,
    /// Hint: charter timeline.
    pub timeline_hint: &'static str,
    /// Label: search words.
    pub keywords_label: &'static str,
    /// Hint: search words.
    pub keywords_hint: &'static str,
    /// Label: requirements.
    pub requirements_label: &'static str,
    /// Label: in-person steps.
    pub steps_label: &'static str,
    /// Hint for the two lists.
    pub pairs_hint: &'static str,
    /// Button: save details.
    pub save_details: &'static str,
    /// Heading: prices.
    pub fees_heading: &'static str,
    /// Hint: one price per line.
    pub fees_hint: &'static str,
    /// Label: prices.
    pub fees_label: &'static str,
    /// Label: currency.
    pub currency_label: &'static str,
    /// Label: convenience fee waived.
    pub waived_label: &'static str,
    /// Button: save prices.
    pub save_fees: &'static str,
    /// A published service's prices change through fee changes.
    pub fees_live_note: &'static str,
    /// Link to propose a fee change.
    pub fees_link: &'static str,
    /// Column: option.
    pub option_col: &'static str,
    /// Column: amount.
    pub amount_col: &'static str,
    /// Heading: the application form.
    pub form_heading: &'static str,
    /// Column: label.
    pub label_col: &'static str,
    /// Column: machine name.
    pub name_col: &'static str,
    /// Column: type.
    pub type_col: &'static str,
    /// Column: required.
    pub required_col: &'static str,
    /// Yes.
    pub yes: &'static str,
    /// No.
    pub no: &'static str,
    /// Button: move up.
    pub up: &'static str,
    /// Button: move down.
    pub down: &'static str,
    /// Button: remove.
    pub remove: &'static str,
    /// Link: change.
    pub change: &'static str,
    /// The form has no fields.
    pub no_fields: &'static str,
    /// Label: type of a new field.
    pub add_field_label: &'static str,
    /// Button: add the field.
    pub add_field_button: &'static str,
    /// A kind of field, by code.
    pub kind: fn(&str) -> &'static str,
    /// Heading: documents.
    pub documents_heading: &'static str,
    /// No documents asked for.
    pub no_documents: &'static str,
    /// Link: add a document.
    pub add_document: &'static str,
    /// Column: accepted types.
    pub types_col: &'static str,
    /// Column: largest file.
    pub size_col: &'static str,
    /// Heading: publish.
    pub publish_heading: &'static str,
    /// What publishing does.
    pub publish_lead: &'static str,
    /// Button: publish.
    pub publish_button: &'static str,
    /// Introduces what is missing before publishing.
    pub not_ready: &'static str,
    /// A new service needs another admin to publish it.
    pub second_admin_note: &'static str,
    /// Button: discard.
    pub discard_button: &'static str,
    /// Heading: new field.
    pub field_new: &'static str,
    /// Heading: change field.
    pub field_change: &'static str,
    /// Label: field's machine name.
    pub field_name_label: &'static str,
    /// Hint: field's machine name.
    pub field_name_hint: &'static str,
    /// Label: English label.
    pub label_en: &'static str,
    /// Label: Kiswahili label.
    pub label_sw: &'static str,
    /// Label: English hint.
    pub hint_en: &'static str,
    /// Label: Kiswahili hint.
    pub hint_sw: &'static str,
    /// Label: must be answered.
    pub required_label: &'static str,
    /// Label: fewest characters.
    pub min_len: &'static str,
    /// Label: most characters.
    pub max_len: &'static str,
    /// Label: smallest number.
    pub min: &'static str,
    /// Label: largest number.
    pub max: &'static str,
    /// Legend: which dates.
    pub date_rule_label: &'static str,
    /// Any date.
    pub date_any: &'static str,
    /// Not in the future.
    pub date_past: &'static str,
    /// Not in the past.
    pub date_future: &'static str,
    /// Label: choices.
    pub options_label: &'static str,
    /// Hint: choices.
    pub options_hint: &'static str,
    /// Button: save the field.
    pub save_field: &'static str,
    /// Link: back without saving.
    pub cancel: &'static str,
    /// Heading: new document.
    pub document_new: &'static str,
    /// Heading: change document.
    pub document_change: &'static str,
    /// Label: document must be uploaded.
    pub document_required: &'static str,
    /// Legend: accepted types.
    pub accepted_label: &'static str,
    /// Label: largest file in MB.
    pub max_mb_label: &'static str,
    /// Button: save the document.
    pub save_document: &'static str,
}

static EN: ServiceTexts = ServiceTexts {
    heading: "Services",
    lead: "Change your agency's services or add new ones. Changes are made in a draft; citizens see them only once the draft is published.",
    drafts_heading: "Drafts in progress",
    no_drafts: "No drafts are open.",
    continue_editing: "Continue editing",
    new_tag: "New service",
    changed_by: |name, when| format!("Last changed by {name}, {when}"),
    edit_heading: "Change a published service",
    search_label: "Find a service by name or code",
    search_button: "Find",
    service_col: "Service",
    timeline_col: "Charter",
    edit_button: "Edit",
    more_hint: |n, total| format!("Showing the first {n} of {total} services; search to find the others."),
    none_found: "No service of your agency matches.",
    days: |n| format!("{n} working days"),
    new_heading: "Add a new service",
    code_label: "Service code",
    code_hint: |agency| {
        format!(
            "Starts with {agency}- and uses a–z, 0–9 and hyphens; it appears in web addresses and cannot be changed later."
        )
    },
    name_en: "Name in English",
    name_sw: "Name in Kiswahili",
    category_label: "Category",
    create_button: "Start a draft",
    editing: |name| format!("Editing: {name}"),
    draft_status: |v| format!("Draft, version {v}. Citizens see none of it until it is published."),
    published_notice: "This draft has been published: the service in the catalogue now shows it (every server within a minute).",
    discarded_notice: "This draft was discarded. The catalogue was not changed.",
    view_live: "See the service as citizens do",
    back: "Back to services",
    details_heading: "Details",
    summary_en: "What the service is, in English",
    summary_sw: "What the service is, in Kiswahili",
    timeline_label: "Charter timeline (working days)",
    timeline_hint: "How long your agency promises to take from a complete, paid application: 1 to 365.",
    keywords_label: "Other search words",
    keywords_hint: "Abbreviations and other names citizens use, separated by spaces.",
    requirements_label: "What applicants need to have ready",
    steps_label: "Steps done in person",
    pairs_hint: "One per line, as English | Kiswahili.",
    save_details: "Save details",
    fees_heading: "Prices",
    fees_hint: "One price per line, as code | English label | Kiswahili label | amount, for example standard | Standard | Kawaida | 1,050.",
    fees_label: "Prices",
    currency_label: "Currency",
    waived_label: "The convenience fee is waived for this service",
    save_fees: "Save prices",
    fees_live_note: "Prices of a published service change only through a fee change that a second admin approves, from a set date.",
    fees_link: "Propose a fee change",
    option_col: "Option",
    amount_col: "Fee",
    form_heading: "Application form",
    label_col: "Question",
    name_col: "Name",
    type_col: "Type",
    required_col: "Required",
    yes: "Yes",
    no: "No",
    up: "Move up",
    down: "Move down",
    remove: "Remove",
    change: "Change",
    no_fields: "The form has no questions yet.",
    add_field_label: "Type of question to add",
    add_field_button: "Add a question",
    kind: |k| match k {
        "text" => "Short text",
        "long_text" => "Long text",
        "number" => "Whole number",
        "date" => "Date",
        "choice" => "Choice from a list",
        "phone" => "Mobile number",
        "email" => "Email address",
        "national_id" => "National ID number",
        "kra_pin" => "KRA PIN",
        "declaration" => "Declaration to tick",
        _ => "Other",
    },
    documents_heading: "Documents to upload",
    no_documents: "No documents are asked for.",
    add_document: "Ask for a document",
    types_col: "File types",
    size_col: "Largest file",
    publish_heading: "Publish",
    publish_lead: "Publishing puts this draft in the catalogue at once. Applications already submitted keep what they were given.",
    publish_button: "Publish",
    not_ready: "Before it can be published:",
    second_admin_note: "This is a new service with its own prices, so another admin of your agency must publish it.",
    discard_button: "Discard this draft",
    field_new: "Add a question",
    field_change: "Change a question",
    field_name_label: "Name used in records and exports",
    field_name_hint: "Lower-case letters, digits and underscores, starting with a letter, for example date_of_birth.",
    label_en: "Question in English",
    label_sw: "Question in Kiswahili",
    hint_en: "Help text in English (optional)",
    hint_sw: "Help text in Kiswahili (optional)",
    required_label: "An answer is required",
    min_len: "Fewest characters",
    max_len: "Most characters",
    min: "Smallest number accepted",
    max: "Largest number accepted",
    date_rule_label: "Which dates are accepted",
    date_any: "Any date",
    date_past: "Today or earlier (such as a date of birth)",
    date_future: "Today or later (such as a travel date)",
    options_label: "Choices",
    options_hint: "One per line, as value | English | Kiswahili.",
    save_field: "Save question",
    cancel: "Back to the draft without saving",
    document_new: "Ask for a document",
    document_change: "Change a document",
    document_required: "The application cannot be sent without it",
    accepted_label: "File types accepted",
    max_mb_label: "Largest file (MB, 1 to 10)",
    save_document: "Save document",
};

static SW: ServiceTexts = ServiceTexts {
    heading: "Huduma",
    lead: "Badilisha huduma za idara yako au ongeza mpya. Mabadiliko hufanywa kwenye rasimu; wananchi huyaona tu rasimu ikishachapishwa.",
    drafts_heading: "Rasimu zinazoendelea",
    no_drafts: "Hakuna rasimu iliyo wazi.",
    continue_editing: "Endelea kuhariri",
    new_tag: "Huduma mpya",
    changed_by: |name, when| format!("Ilibadilishwa mwisho na {name}, {when}"),
    edit_heading: "Badilisha huduma iliyochapishwa",
    search_label: "Tafuta huduma kwa jina au msimbo",
    search_button: "Tafuta",
    service_col: "Huduma",
    timeline_col: "Mkataba",
    edit_button: "Hariri",
    more_hint: |n, total| format!("Zinaonyeshwa huduma {n} za kwanza kati ya {total}; tafuta ili kupata nyingine."),
    none_found: "Hakuna huduma ya idara yako inayolingana.",
    days: |n| format!("siku {n} za kazi"),
    new_heading: "Ongeza huduma mpya",
    code_label: "Msimbo wa huduma",
    code_hint: |agency| {
        format!(
            "Huanza na {agency}- na hutumia a–z, 0–9 na vistari; huonekana kwenye anwani za wavuti na hauwezi kubadilishwa baadaye."
        )
    },
    name_en: "Jina kwa Kiingereza",
    name_sw: "Jina kwa Kiswahili",
    category_label: "Aina",
    create_button: "Anza rasimu",
    editing: |name| format!("Unahariri: {name}"),
    draft_status: |v| format!("Rasimu, toleo {v}. Wananchi hawaoni chochote hadi ichapishwe."),
    published_notice: "Rasimu hii imechapishwa: huduma katika orodha sasa inaionyesha (kila seva ndani ya dakika moja).",
    discarded_notice: "Rasimu hii ilitupwa. Orodha ya huduma haikubadilishwa.",
    view_live: "Ona huduma kama wananchi wanavyoiona",
    back: "Rudi kwenye huduma",
    details_heading: "Maelezo",
    summary_en: "Huduma ni nini, kwa Kiingereza",
    summary_sw: "Huduma ni nini, kwa Kiswahili",
    timeline_label: "Muda wa mkataba (siku za kazi)",
    timeline_hint: "Muda ambao idara yako inaahidi kuchukua tangu ombi kamili lililolipiwa: 1 hadi 365.",
    keywords_label: "Maneno mengine ya utafutaji",
    keywords_hint: "Vifupisho na majina mengine wanayotumia wananchi, yakitenganishwa kwa nafasi.",
    requirements_label: "Mahitaji ya mwombaji",
    steps_label: "Hatua zinazofanywa ana kwa ana",
    pairs_hint: "Kimoja kwa kila mstari, kama Kiingereza | Kiswahili.",
    save_details: "Hifadhi maelezo",
    fees_heading: "Bei",
    fees_hint: "Bei moja kwa kila mstari, kama msimbo | lebo ya Kiingereza | lebo ya Kiswahili | kiasi, kwa mfano standard | Standard | Kawaida | 1,050.",
    fees_label: "Bei",
    currency_label: "Sarafu",
    waived_label: "Ada ya huduma imeondolewa kwa huduma hii",
    save_fees: "Hifadhi bei",
    fees_live_note: "Bei za huduma iliyochapishwa hubadilika tu kupitia badiliko la ada linalokubaliwa na msimamizi wa pili, kuanzia tarehe iliyowekwa.",
    fees_link: "Pendekeza badiliko la ada",
    option_col: "Chaguo",
    amount_col: "Ada",
    form_heading: "Fomu ya maombi",
    label_col: "Swali",
    name_col: "Jina",
    type_col: "Aina",
    required_col: "Lazima",
    yes: "Ndiyo",
    no: "Hapana",
    up: "Sogeza juu",
    down: "Sogeza chini",
    remove: "Ondoa",
    change: "Badilisha",
    no_fields: "Fomu haina maswali bado.",
    add_field_label: "Aina ya swali la kuongeza",
    add_field_button: "Ongeza swali",
    kind: |k| match k {
        "text" => "Maandishi mafupi",
        "long_text" => "Maandishi marefu",
        "number" => "Nambari kamili",
        "date" => "Tarehe",
        "choice" => "Chaguo kutoka orodha",
        "phone" => "Nambari ya simu",
        "email" => "Barua pepe",
        "national_id" => "Nambari ya kitambulisho",
        "kra_pin" => "PIN ya KRA",
        "declaration" => "Tamko la kuwekea alama",
        _ => "Nyingine",
    },
    documents_heading: "Hati za kupakia",
    no_documents: "Hakuna hati zinazoombwa.",
    add_document: "Omba hati",
    types_col: "Aina za faili",
    size_col: "Faili kubwa zaidi",
    publish_heading: "Chapisha",
    publish_lead: "Kuchapisha huweka rasimu hii kwenye orodha mara moja. Maombi yaliyokwisha tumwa hubaki na yale yaliyopewa.",
    publish_button: "Chapisha",
    not_ready: "Kabla haijachapishwa:",
    second_admin_note: "Hii ni huduma mpya yenye bei zake, kwa hiyo msimamizi mwingine wa idara yako lazima aichapishe.",
    discard_button: "Tupa rasimu hii",
    field_new: "Ongeza swali",
    field_change: "Badilisha swali",
    field_name_label: "Jina linalotumika kwenye kumbukumbu na ripoti",
    field_name_hint: "Herufi ndogo, tarakimu na mistari ya chini, likianza na herufi, kwa mfano date_of_birth.",
    label_en: "Swali kwa Kiingereza",
    label_sw: "Swali kwa Kiswahili",
    hint_en: "Maelezo ya msaada kwa Kiingereza (si lazima)",
    hint_sw: "Maelezo ya msaada kwa Kiswahili (si lazima)",
    required_label: "Jibu linahitajika",
    min_len: "Herufi chache zaidi",
    max_len: "Herufi nyingi zaidi",
    min: "Nambari ndogo zaidi inayokubalika",
    max: "Nambari kubwa zaidi inayokubalika",
    date_rule_label: "Tarehe zipi zinakubalika",
    date_any: "Tarehe yoyote",
    date_past: "Leo au kabla (kama tarehe ya kuzaliwa)",
    date_future: "Leo au baadaye (kama tarehe ya safari)",
    options_label: "Machaguo",
    options_hint: "Moja kwa kila mstari, kama thamani | Kiingereza | Kiswahili.",
    save_field: "Hifadhi swali",
    cancel: "Rudi kwenye rasimu bila kuhifadhi",
    document_new: "Omba hati",
    document_change: "Badilisha hati",
    document_required: "Ombi haliwezi kutumwa bila hati hii",
    accepted_label: "Aina za faili zinazokubalika",
    max_mb_label: "Faili kubwa zaidi (MB, 1 hadi 10)",
    save_document: "Hifadhi hati",
};

/// The service editor's words in `lang`.
pub fn service_texts(lang: Lang) -> &'static ServiceTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}
