//! Words of the team page and the platform admins' agencies page, in English and Kiswahili.

use crate::accounts::model::Role;
use crate::catalogue::model::AgencyKind;
use crate::i18n::Lang;

/// The team page's words in one language.
#[derive(Debug)]
pub struct TeamTexts {
    /// Page heading and the staff home link.
    pub heading: &'static str,
    /// "Staff of <agency>".
    pub heading_of: fn(&str) -> String,
    /// How staff are added and what a change does.
    pub lead: &'static str,
    /// Label of the platform admin's agency choice.
    pub agency_label: &'static str,
    /// Hint of the agency choice.
    pub agency_hint: &'static str,
    /// Button: show that agency's team.
    pub show: &'static str,
    /// Link to the list of agencies.
    pub all_agencies: &'static str,
    /// Column: name.
    pub name: &'static str,
    /// Column: ID number.
    pub id_number: &'static str,
    /// Column and label: role.
    pub role: &'static str,
    /// Column: phone.
    pub phone: &'static str,
    /// Column: what can be done.
    pub actions: &'static str,
    /// The admin's own row.
    pub you: &'static str,
    /// A staff role's name.
    pub role_name: fn(Role) -> &'static str,
    /// Hidden label of a member's role choice.
    pub new_role_for: fn(&str) -> String,
    /// Button: change the role.
    pub change: &'static str,
    /// Button: remove from the agency.
    pub remove: &'static str,
    /// Nobody on the team.
    pub nobody: &'static str,
    /// Heading of the add form.
    pub add_heading: &'static str,
    /// Label of the ID number.
    pub id_label: &'static str,
    /// Hint of the ID number.
    pub id_hint: &'static str,
    /// Button: add.
    pub add: &'static str,
    /// What the last change did (`added`, `changed`, `removed`).
    pub done: fn(&str) -> Option<&'static str>,
}

/// The team page's words in `lang`.
pub fn team_texts(lang: Lang) -> &'static TeamTexts {
    match lang {
        Lang::En => &TEAM_EN,
        Lang::Sw => &TEAM_SW,
    }
}

static TEAM_EN: TeamTexts = TeamTexts {
    heading: "Staff and roles",
    heading_of: |agency| format!("Staff of {agency}"),
    lead: "People sign up for Mlango themselves; add them here by their national ID number and choose their role. A change takes effect at once: the person is signed out and signs in again with the new role.",
    agency_label: "Agency code",
    agency_hint: "Platform admins: the code of the agency whose staff to manage, such as ntsa.",
    show: "Show its staff",
    all_agencies: "All agencies",
    name: "Name",
    id_number: "ID number",
    role: "Role",
    phone: "Phone",
    actions: "Change",
    you: "You",
    role_name: |r| match r {
        Role::AgencyOfficer => "Officer",
        Role::AgencyAdmin => "Admin",
        Role::AgencyFinance => "Finance officer",
        Role::Citizen => "Citizen",
        Role::Agent => "Agent",
        Role::PlatformAdmin => "Platform admin",
    },
    new_role_for: |name| format!("New role for {name}"),
    change: "Change role",
    remove: "Remove from the agency",
    nobody: "Nobody is on this agency's staff yet.",
    add_heading: "Add a staff member",
    id_label: "National ID number",
    id_hint: "The person must already have a Mlango account and not be staff of another agency.",
    add: "Add to the staff",
    done: |what| match what {
        "added" => Some("Added. They will be asked to sign in again."),
        "changed" => Some("Role changed. They will be asked to sign in again."),
        "removed" => Some("Removed from the agency. Their account stays as a citizen's account."),
        _ => None,
    },
};

static TEAM_SW: TeamTexts = TeamTexts {
    heading: "Wafanyakazi na majukumu",
    heading_of: |agency| format!("Wafanyakazi wa {agency}"),
    lead: "Watu hujisajili kwenye Mlango wenyewe; waongeze hapa kwa nambari ya kitambulisho cha taifa na uchague jukumu lao. Badiliko linaanza mara moja: mtu huyo anaondolewa na kuingia tena akiwa na jukumu jipya.",
    agency_label: "Msimbo wa idara",
    agency_hint: "Wasimamizi wa jukwaa: msimbo wa idara ambayo wafanyakazi wake unasimamia, kama ntsa.",
    show: "Onyesha wafanyakazi wake",
    all_agencies: "Idara zote",
    name: "Jina",
    id_number: "Nambari ya kitambulisho",
    role: "Jukumu",
    phone: "Simu",
    actions: "Badilisha",
    you: "Wewe",
    role_name: |r| match r {
        Role::AgencyOfficer => "Afisa",
        Role::AgencyAdmin => "Msimamizi",
        Role::AgencyFinance => "Afisa wa fedha",
        Role::Citizen => "Mwananchi",
        Role::Agent => "Wakala",
        Role::PlatformAdmin => "Msimamizi wa jukwaa",
    },
    new_role_for: |name| format!("Jukumu jipya la {name}"),
    change: "Badilisha jukumu",
    remove: "Ondoa kwenye idara",
    nobody: "Bado hakuna mfanyakazi wa idara hii.",
    add_heading: "Ongeza mfanyakazi",
    id_label: "Nambari ya kitambulisho cha taifa",
    id_hint: "Mtu huyo lazima awe tayari na akaunti ya Mlango na asiwe mfanyakazi wa idara nyingine.",
    add: "Ongeza kwa wafanyakazi",
    done: |what| match what {
        "added" => Some("Ameongezwa. Ataombwa kuingia tena."),
        "changed" => Some("Jukumu limebadilishwa. Ataombwa kuingia tena."),
        "removed" => Some("Ameondolewa kwenye idara. Akaunti yake inabaki kuwa ya mwananchi."),
        _ => None,
    },
};

/// The agencies page's words in one language.
#[derive(Debug)]
pub struct AgencyTexts {
    /// Page heading and the staff home link.
    pub heading: &'static str,
    /// What the page is for.
    pub lead: &'static str,
    /// Label of the search box.
    pub search_label: &'static str,
    /// Button: search.
    pub search: &'static str,
    /// Link: clear the search.
    pub show_all: &'static str,
    /// "300 agencies".
    pub count: fn(u64) -> String,
    /// Column and label: code.
    pub code: &'static str,
    /// Column: name.
    pub name: &'static str,
    /// Column and label: kind.
    pub kind: &'static str,
    /// Column: number of staff.
    pub staff: &'static str,
    /// Column: number of live API keys.
    pub keys: &'static str,
    /// A kind's name.
    pub kind_name: fn(AgencyKind) -> &'static str,
    /// Link to the previous page.
    pub previous: &'static str,
    /// Link to the next page.
    pub next: &'static str,
    /// No agency matches.
    pub none: &'static str,
    /// Heading of the onboarding form.
    pub onboard_heading: &'static str,
    /// Hint of the code.
    pub code_hint: &'static str,
    /// Label: English name.
    pub name_en: &'static str,
    /// Label: Kiswahili name.
    pub name_sw: &'static str,
    /// Label: English description.
    pub description_en: &'static str,
    /// Label: Kiswahili description.
    pub description_sw: &'static str,
    /// Label: county number.
    pub county: &'static str,
    /// Hint: county number.
    pub county_hint: &'static str,
    /// Label: website.
    pub website: &'static str,
    /// Label: first admin's ID number.
    pub admin: &'static str,
    /// Hint: first admin.
    pub admin_hint: &'static str,
    /// Button: onboard.
    pub onboard: &'static str,
    /// "API keys of <agency>".
    pub keys_heading: fn(&str) -> String,
    /// Link to the agency's staff.
    pub team_link: &'static str,
    /// Column: key prefix.
    pub prefix: &'static str,
    /// Column and label: what the key is for.
    pub label: &'static str,
    /// Hint of the label.
    pub label_hint: &'static str,
    /// Column and label: webhook URL.
    pub webhook: &'static str,
    /// Hint of the webhook URL.
    pub webhook_hint: &'static str,
    /// Column: created.
    pub created: &'static str,
    /// Column: state.
    pub status: &'static str,
    /// A live key.
    pub active: &'static str,
    /// "Revoked <date>".
    pub revoked_on: fn(&str) -> String,
    /// Button: revoke.
    pub revoke: &'static str,
    /// No keys.
    pub no_keys: &'static str,
    /// Heading of the create form.
    pub create_heading: &'static str,
    /// Button: create.
    pub create: &'static str,
    /// Heading of the one-time display.
    pub new_key_heading: &'static str,
    /// Copy it now: it is not shown again.
    pub new_key_warning: &'static str,
    /// Label: the key.
    pub key_label: &'static str,
    /// Label: the webhook secret.
    pub secret_label: &'static str,
    /// What the last change did (`onboarded`, `revoked`).
    pub done: fn(&str) -> Option<&'static str>,
}

/// The agencies page's words in `lang`.
pub fn agency_texts(lang: Lang) -> &'static AgencyTexts {
    match lang {
        Lang::En => &AGENCY_EN,
        Lang::Sw => &AGENCY_SW,
    }
}

static AGENCY_EN: AgencyTexts = AgencyTexts {
    heading: "Agencies",
    lead: "Onboard agencies, and manage the API keys their own systems use to bill through Mlango.",
    search_label: "Code or name",
    search: "Search",
    show_all: "Show all",
    count: |n| if n == 1 { "1 agency".into() } else { format!("{n} agencies") },
    code: "Code",
    name: "Name",
    kind: "Kind",
    staff: "Staff",
    keys: "Live API keys",
    kind_name: |k| match k {
        AgencyKind::Ministry => "Ministry",
        AgencyKind::StateDepartment => "State department",
        AgencyKind::StateAgency => "State agency",
        AgencyKind::Constitutional => "Constitutional body",
        AgencyKind::County => "County government",
    },
    previous: "Previous agencies",
    next: "Next agencies",
    none: "No agency matches.",
    onboard_heading: "Onboard an agency",
    code_hint: "2 to 32 characters: letters a–z, digits and hyphens, such as kenya-forest. It is used in addresses and the API and cannot change.",
    name_en: "Name in English",
    name_sw: "Name in Kiswahili",
    description_en: "What it does, in English",
    description_sw: "What it does, in Kiswahili",
    county: "County number (county governments only)",
    county_hint: "From 1 (Mombasa) to 47 (Nairobi).",
    website: "Website (optional)",
    admin: "National ID number of its first admin (optional)",
    admin_hint: "The person must already have a Mlango account and not be staff of another agency.",
    onboard: "Onboard the agency",
    keys_heading: |agency| format!("API keys of {agency}"),
    team_link: "Staff of this agency",
    prefix: "Key",
    label: "What it is for",
    label_hint: "For example the name of the system that will use it.",
    webhook: "Webhook URL (optional)",
    webhook_hint: "Where Mlango posts paid-invoice events, signed with the webhook secret. Starts with https://.",
    created: "Created (EAT)",
    status: "Status",
    active: "Active",
    revoked_on: |when| format!("Revoked {when}"),
    revoke: "Revoke",
    no_keys: "This agency has no API keys.",
    create_heading: "Create an API key",
    create: "Create the key",
    new_key_heading: "The new API key",
    new_key_warning: "Copy the key and the webhook secret now into the agency system's secret store. They are shown only this once; if they are lost, revoke the key and create another.",
    key_label: "API key",
    secret_label: "Webhook signing secret",
    done: |what| match what {
        "onboarded" => Some("The agency is onboarded. It appears on the public pages within a minute."),
        "revoked" => Some("The key is revoked: the API refuses it from now on."),
        _ => None,
    },
};

static AGENCY_SW: AgencyTexts = AgencyTexts {
    heading: "Idara",
    lead: "Sajili idara, na usimamie funguo za API ambazo mifumo yao hutumia kutoza kupitia Mlango.",
    search_label: "Msimbo au jina",
    search: "Tafuta",
    show_all: "Onyesha zote",
    count: |n| if n == 1 { "Idara 1".into() } else { format!("Idara {n}") },
    code: "Msimbo",
    name: "Jina",
    kind: "Aina",
    staff: "Wafanyakazi",
    keys: "Funguo za API zinazotumika",
    kind_name: |k| match k {
        AgencyKind::Ministry => "Wizara",
        AgencyKind::StateDepartment => "Idara ya serikali",
        AgencyKind::StateAgency => "Shirika la serikali",
        AgencyKind::Constitutional => "Chombo cha kikatiba",
        AgencyKind::County => "Serikali ya kaunti",
    },
    previous: "Idara zilizotangulia",
    next: "Idara zinazofuata",
    none: "Hakuna idara inayolingana.",
    onboard_heading: "Sajili idara",
    code_hint: "Herufi 2 hadi 32: herufi a–z, tarakimu na vistari, kama kenya-forest. Hutumika kwenye anwani na API na haiwezi kubadilika.",
    name_en: "Jina kwa Kiingereza",
    name_sw: "Jina kwa Kiswahili",
    description_en: "Kazi yake, kwa Kiingereza",
    description_sw: "Kazi yake, kwa Kiswahili",
    county: "Nambari ya kaunti (serikali za kaunti tu)",
    county_hint: "Kutoka 1 (Mombasa) hadi 47 (Nairobi).",
    website: "Tovuti (si lazima)",
    admin: "Nambari ya kitambulisho cha taifa ya msimamizi wake wa kwanza (si lazima)",
    admin_hint: "Mtu huyo lazima awe tayari na akaunti ya Mlango na asiwe mfanyakazi wa idara nyingine.",
    onboard: "Sajili idara",
    keys_heading: |agency| format!("Funguo za API za {agency}"),
    team_link: "Wafanyakazi wa idara hii",
    prefix: "Ufunguo",
    label: "Ni wa nini",
    label_hint: "Kwa mfano jina la mfumo utakaoutumia.",
    webhook: "Anwani ya webhook (si lazima)",
    webhook_hint: "Mlango hutuma huko matukio ya ankara zilizolipwa, yakiwa yametiwa sahihi kwa siri ya webhook. Huanza na https://.",
    created: "Iliundwa (EAT)",
    status: "Hali",
    active: "Unatumika",
    revoked_on: |when| format!("Ulifutwa {when}"),
    revoke: "Futa",
    no_keys: "Idara hii haina funguo za API.",
    create_heading: "Unda ufunguo wa API",
    create: "Unda ufunguo",
    new_key_heading: "Ufunguo mpya wa API",
    new_key_warning: "Nakili ufunguo na siri ya webhook sasa kwenye hifadhi ya siri ya mfumo wa idara. Vinaonyeshwa mara hii moja tu; vikipotea, futa ufunguo na uunde mwingine.",
    key_label: "Ufunguo wa API",
    secret_label: "Siri ya kutia sahihi webhook",
    done: |what| match what {
        "onboarded" => Some("Idara imesajiliwa. Itaonekana kwenye kurasa za umma ndani ya dakika moja."),
        "revoked" => Some("Ufunguo umefutwa: API inaukataa kuanzia sasa."),
        _ => None,
    },
};
