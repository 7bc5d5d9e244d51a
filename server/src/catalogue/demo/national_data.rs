//! Hand-written service tables of the busiest national agencies, with gazetted or published
//! fees where they are known, and the programmatic series some agencies offer per park,
//! museum, forest, station, land registry or constituency.

use super::counties::COUNTIES;
use super::forms::{FormT, Forms};
use super::{AgencyCtx, Builder, Svc, V, schedule, slug};
use app::catalogue::model::{Category, FeeSchedule, Localized};
use app::money::Currency;

use Category as C;
use FormT as F;

/// A fee as written in a table.
#[derive(Clone, Copy)]
pub(super) enum Fee {
    /// No charge.
    Free,
    /// One price in shillings.
    Kes(i64),
    /// One price in US dollars.
    Usd(i64),
    /// Several priced options in shillings.
    KesV(&'static [V]),
    /// Several priced options in US dollars.
    UsdV(&'static [V]),
}

/// One service row of an agency table.
pub(super) struct Item {
    /// Appended to the agency code to make the service code.
    pub slug: &'static str,
    pub en: &'static str,
    pub sw: &'static str,
    /// Overrides the group's category.
    pub cat: Option<Category>,
    /// Overrides the group's form template.
    pub form: Option<FormT>,
    pub fee: Fee,
    /// Service-charter timeline in working days.
    pub days: u16,
    /// Extra search words.
    pub kw: &'static str,
    pub pop: u32,
    /// Hand-written summary (English, Kiswahili).
    pub summary: Option<(&'static str, &'static str)>,
    /// In-person steps (English, Kiswahili) replacing the template's.
    pub steps: Option<&'static [(&'static str, &'static str)]>,
}

/// Rows sharing a category and form template.
pub(super) struct Group {
    pub cat: Category,
    pub form: FormT,
    pub items: &'static [Item],
}

const fn it(
    slug: &'static str,
    en: &'static str,
    sw: &'static str,
    fee: Fee,
    days: u16,
    pop: u32,
    kw: &'static str,
) -> Item {
    Item { slug, en, sw, cat: None, form: None, fee, days, kw, pop, summary: None, steps: None }
}

impl Item {
    const fn form(mut self, form: FormT) -> Self {
        self.form = Some(form);
        self
    }
    const fn cat(mut self, cat: Category) -> Self {
        self.cat = Some(cat);
        self
    }
    const fn about(mut self, en: &'static str, sw: &'static str) -> Self {
        self.summary = Some((en, sw));
        self
    }
    const fn steps(mut self, steps: &'static [(&'static str, &'static str)]) -> Self {
        self.steps = Some(steps);
        self
    }
}

const fn g(cat: Category, form: FormT, items: &'static [Item]) -> Group {
    Group { cat, form, items }
}

const FREE: Fee = Fee::Free;
const fn k(amount: i64) -> Fee {
    Fee::Kes(amount)
}
const fn u(amount: i64) -> Fee {
    Fee::Usd(amount)
}

/// The hand-written tables of the agency with this code; empty for the rest.
pub(super) fn groups(code: &str) -> &'static [Group] {
    match code {
        "immigration" => IMMIGRATION,
        "ntsa" => NTSA,
        "dci" => DCI,
        "nps" => NPS,
        "brs" => BRS,
        "kws" => KWS,
        "kra" => KRA,
        "crs" => CRS,
        "nrb" => NRB,
        "lands-department" => LANDS,
        "survey-of-kenya" => SURVEY,
        "helb" => HELB,
        "kuccps" => KUCCPS,
        "knec" => KNEC,
        "nssf" => NSSF,
        "sha" => SHA,
        "nema" => NEMA,
        "kebs" => KEBS,
        "epra" => EPRA,
        "ca" => CA,
        "kcaa" => KCAA,
        "ppb" => PPB,
        _ => more_groups(code),
    }
}

// ---------------------------------------------------------------------------------------------
// Department of Immigration Services
// ---------------------------------------------------------------------------------------------

const PASSPORT_FEES: &[V] = &[
    ("32-pages", "32 pages", "Kurasa 32", 4_550),
    ("48-pages", "48 pages", "Kurasa 48", 6_050),
    ("64-pages", "64 pages", "Kurasa 64", 7_550),
];
const CHILD_PASSPORT_FEES: &[V] =
    &[("32-pages", "32 pages", "Kurasa 32", 4_550), ("48-pages", "48 pages", "Kurasa 48", 6_050)];
const PASSPORT_STEPS: &[(&str, &str)] = &[
    (
        "Book an appointment and attend it at the immigration office you chose (Nyayo House, a regional office or a Huduma Centre) for fingerprints, a photograph and a signature (biometrics). Bring your original ID, birth certificate and old passport.",
        "Weka miadi na uhudhurie katika ofisi ya uhamiaji uliyochagua (Nyayo House, ofisi ya kanda au Kituo cha Huduma) ili kuchukuliwa alama za vidole, picha na sahihi (bayometriki). Beba kitambulisho halisi, cheti cha kuzaliwa na pasipoti ya zamani.",
    ),
    (
        "Collect the passport in person at the same office when you receive an SMS; bring your ID and the old passport to be cancelled.",
        "Chukua pasipoti ana kwa ana katika ofisi hiyo hiyo unapopokea ujumbe mfupi; beba kitambulisho na pasipoti ya zamani ili ifutwe.",
    ),
];
const CHILD_PASSPORT_STEPS: &[(&str, &str)] = &[
    (
        "Attend the biometrics appointment with the child and at least one parent or guardian, bringing the child's birth certificate and the parents' IDs.",
        "Hudhuria miadi ya bayometriki pamoja na mtoto na angalau mzazi mmoja au mlezi, ukibeba cheti cha kuzaliwa cha mtoto na vitambulisho vya wazazi.",
    ),
    (
        "A parent or guardian collects the passport in person when the SMS arrives.",
        "Mzazi au mlezi huchukua pasipoti ana kwa ana ujumbe mfupi unapofika.",
    ),
];
const PERMIT_STEPS: &[(&str, &str)] = &[(
    "When the permit is approved, endorse it in your passport at Nyayo House or the regional immigration office and, if you are new to Kenya, register for a foreign national (alien) card.",
    "Kibali kikiidhinishwa, kigongwe kwenye pasipoti yako katika Nyayo House au ofisi ya uhamiaji ya kanda na, kama wewe ni mgeni nchini, jisajili kupata kadi ya raia wa kigeni.",
)];
const PERMANENT_RESIDENCE_FEES: &[V] = &[
    ("spouse-or-child", "Spouse or child of a Kenyan citizen", "Mwenzi au mtoto wa raia wa Kenya", 25_000),
    ("other", "Other qualifying residents", "Wakazi wengine wanaostahili", 500_000),
];

const IMMIGRATION: &[Group] = &[
    g(
        C::IdentityAndTravel,
        F::Passport,
        &[
            it(
                "passport-ordinary",
                "Ordinary passport (new or renewal)",
                "Pasipoti ya kawaida (mpya au kuhuisha)",
                Fee::KesV(PASSPORT_FEES),
                10,
                1_000_000,
                "passport application apply new renewal renew epassport e-passport travel document pasipoti safari",
            )
            .about(
                "Apply for a Kenyan ePassport for adults, or renew an expired one. Pay online, then attend a biometrics appointment; the passport is ready for collection in about ten working days.",
                "Omba pasipoti ya kielektroniki ya Kenya kwa watu wazima, au huisha iliyokwisha muda. Lipa mtandaoni, kisha hudhuria miadi ya bayometriki; pasipoti huwa tayari kuchukuliwa baada ya takriban siku kumi za kazi.",
            )
            .steps(PASSPORT_STEPS),
            it(
                "passport-child",
                "Passport for a child under 18",
                "Pasipoti ya mtoto chini ya miaka 18",
                Fee::KesV(CHILD_PASSPORT_FEES),
                10,
                250_000,
                "child minor kids baby passport pasipoti ya mtoto",
            )
            .steps(CHILD_PASSPORT_STEPS),
            it(
                "passport-diplomatic",
                "Diplomatic passport",
                "Pasipoti ya kidiplomasia",
                k(7_550),
                10,
                4_000,
                "diplomatic passport official government travel",
            )
            .steps(PASSPORT_STEPS),
            it(
                "passport-lost",
                "Replacement of a lost or stolen passport",
                "Pasipoti mbadala iliyopotea au kuibiwa",
                k(12_050),
                30,
                60_000,
                "lost stolen passport replacement police abstract",
            )
            .steps(PASSPORT_STEPS),
            it(
                "passport-damaged",
                "Replacement of a damaged passport",
                "Pasipoti mbadala iliyoharibika",
                k(12_050),
                30,
                15_000,
                "mutilated damaged torn passport replacement",
            )
            .steps(PASSPORT_STEPS),
            it(
                "certificate-of-identity",
                "Certificate of identity (one-way travel document)",
                "Cheti cha utambulisho (hati ya safari ya kwenda tu)",
                k(3_050),
                7,
                20_000,
                "certificate of identity emergency travel document return kenya",
            ),
            it(
                "temporary-permit",
                "Temporary permit for travel to neighbouring countries",
                "Kibali cha muda cha kusafiri nchi jirani",
                k(350),
                1,
                30_000,
                "temporary permit border crossing eac uganda tanzania kibali cha muda",
            ),
        ],
    ),
    g(
        C::IdentityAndTravel,
        F::Visa,
        &[
            it(
                "eta",
                "Electronic travel authorisation (eTA) for visitors to Kenya",
                "Idhini ya kielektroniki ya kusafiri (eTA) kwa wageni wanaokuja Kenya",
                u(30),
                3,
                400_000,
                "eta visa electronic travel authorization tourist visitor entry evisa",
            ),
            it("visa-single-entry", "Single-entry visa", "Viza ya kuingia mara moja", u(51), 3, 60_000, "visa tourist business single entry"),
            it("visa-transit", "Transit visa", "Viza ya kupita", u(21), 2, 15_000, "transit visa connecting flight"),
            it("visa-multiple-entry", "Multiple-entry visa", "Viza ya kuingia mara nyingi", u(101), 5, 12_000, "multiple entry visa business"),
            it(
                "visa-east-africa-tourist",
                "East Africa tourist visa (Kenya, Uganda and Rwanda)",
                "Viza ya utalii ya Afrika Mashariki (Kenya, Uganda na Rwanda)",
                u(101),
                5,
                10_000,
                "east africa tourist visa eatv uganda rwanda",
            ),
            it("visa-courtesy", "Courtesy visa for diplomats and officials", "Viza ya heshima kwa wanadiplomasia na maafisa", FREE, 3, 2_000, "courtesy visa diplomat official"),
            it(
                "visitor-pass-extension",
                "Extension of a visitor's pass",
                "Kuongeza muda wa pasi ya mgeni",
                u(50),
                5,
                8_000,
                "extend visa stay extension visitor pass overstay",
            ),
        ],
    ),
    g(
        C::Labour,
        F::WorkPermit,
        &[
            it("work-permit-class-a", "Work permit class A – prospecting and mining", "Kibali cha kazi daraja A – utafutaji madini na uchimbaji", k(100_000), 30, 800, "work permit class a mining prospecting")
                .steps(PERMIT_STEPS),
            it("work-permit-class-b", "Work permit class B – agriculture and animal husbandry", "Kibali cha kazi daraja B – kilimo na ufugaji", k(100_000), 30, 600, "work permit class b agriculture farming")
                .steps(PERMIT_STEPS),
            it("work-permit-class-c", "Work permit class C – prescribed professions", "Kibali cha kazi daraja C – taaluma zilizoainishwa", k(100_000), 30, 2_000, "work permit class c professional doctor lawyer engineer")
                .steps(PERMIT_STEPS),
            it("work-permit-class-d", "Work permit class D – employment", "Kibali cha kazi daraja D – ajira", k(200_000), 30, 15_000, "work permit class d employment expatriate employee")
                .steps(PERMIT_STEPS),
            it("work-permit-class-f", "Work permit class F – specific manufacturing", "Kibali cha kazi daraja F – viwanda maalum", k(100_000), 30, 800, "work permit class f manufacturing factory")
                .steps(PERMIT_STEPS),
            it("work-permit-class-g", "Work permit class G – specific trade, business or consultancy", "Kibali cha kazi daraja G – biashara au ushauri maalum", k(100_000), 30, 6_000, "work permit class g investor business trade consultancy")
                .steps(PERMIT_STEPS),
            it("work-permit-class-i", "Work permit class I – approved religious or charitable activities", "Kibali cha kazi daraja I – shughuli za kidini au za hisani zilizoidhinishwa", k(5_000), 30, 2_500, "work permit class i missionary religious charity ngo volunteer")
                .steps(PERMIT_STEPS),
            it("work-permit-class-k", "Residence permit class K – ordinary residence (retirees)", "Kibali cha ukaazi daraja K – ukaazi wa kawaida (wastaafu)", k(100_000), 30, 1_500, "residence permit class k retiree retired income")
                .steps(PERMIT_STEPS),
            it("work-permit-class-m", "Work permit class M – recognised refugees", "Kibali cha kazi daraja M – wakimbizi wanaotambuliwa", FREE, 30, 1_200, "work permit class m refugee")
                .steps(PERMIT_STEPS),
            it("special-pass", "Special pass (short-term work, up to 3 months)", "Pasi maalum (kazi ya muda mfupi, hadi miezi 3)", k(15_000), 10, 4_000, "special pass short term work consultant"),
            it("dependant-pass", "Dependant's pass", "Pasi ya mtegemezi", k(10_000), 30, 6_000, "dependant pass spouse children family of permit holder"),
            it("student-pass", "Student's pass", "Pasi ya mwanafunzi", k(5_000), 30, 5_000, "student pass foreign students study"),
            it("permanent-residence", "Permanent residence", "Ukaazi wa kudumu", Fee::KesV(PERMANENT_RESIDENCE_FEES), 90, 1_500, "permanent residence pr resident")
                .steps(PERMIT_STEPS),
            it("alien-card", "Foreign national registration certificate (alien card)", "Cheti cha usajili wa raia wa kigeni (kadi ya mgeni)", k(2_000), 14, 9_000, "alien card foreigner id foreign national registration"),
            it("re-entry-pass", "Re-entry pass for permit holders", "Pasi ya kuingia tena kwa wenye vibali", k(2_000), 5, 2_000, "re-entry pass"),
            it("permit-variation", "Variation or transfer of a work permit to a new employer", "Kubadilisha au kuhamisha kibali cha kazi kwa mwajiri mpya", k(10_000), 30, 1_500, "work permit transfer variation change employer"),
        ],
    ),
    g(
        C::IdentityAndTravel,
        F::Generic,
        &[
            it("citizenship-marriage", "Citizenship by registration – spouse of a Kenyan citizen", "Uraia kwa usajili – mwenzi wa raia wa Kenya", k(20_000), 90, 2_000, "citizenship marriage spouse naturalisation uraia"),
            it("citizenship-residence", "Citizenship by registration – lawful residence for seven years", "Uraia kwa usajili – ukaazi halali kwa miaka saba", k(40_000), 180, 1_000, "citizenship naturalisation residence uraia"),
            it("citizenship-adopted-child", "Citizenship for a child adopted by a Kenyan citizen", "Uraia kwa mtoto aliyeasiliwa na raia wa Kenya", k(5_000), 60, 300, "citizenship adopted child adoption"),
            it("dual-citizenship", "Declaration of dual citizenship", "Tamko la uraia pacha", FREE, 30, 3_000, "dual citizenship diaspora second nationality"),
            it("regain-citizenship", "Regaining Kenyan citizenship", "Kurejesha uraia wa Kenya", k(5_000), 60, 600, "regain citizenship restore uraia"),
            it("renounce-citizenship", "Renunciation of Kenyan citizenship", "Kukana uraia wa Kenya", k(10_000), 30, 200, "renounce citizenship"),
            it("stateless-registration", "Registration of stateless persons as citizens", "Usajili wa watu wasio na utaifa kuwa raia", FREE, 180, 400, "stateless persons shona makonde registration"),
        ],
    ),
];

// ---------------------------------------------------------------------------------------------
// National Transport and Safety Authority
// ---------------------------------------------------------------------------------------------

const DL_RENEWAL_FEES: &[V] = &[("1-year", "1 year", "Mwaka 1", 600), ("3-years", "3 years", "Miaka 3", 1_450)];
const SMART_DL_STEPS: &[(&str, &str)] = &[(
    "Visit an NTSA office or Huduma Centre with your ID and old licence for fingerprints and a photograph, then collect the smart card there when notified by SMS.",
    "Tembelea ofisi ya NTSA au Kituo cha Huduma ukiwa na kitambulisho na leseni ya zamani ili kuchukuliwa alama za vidole na picha, kisha chukua kadi janja hapo unapoarifiwa kwa ujumbe mfupi.",
)];
const TRANSFER_FEES: &[V] = &[
    ("motorcycle", "Motorcycle", "Pikipiki", 625),
    ("up-to-1500cc", "Vehicle up to 1,500 cc", "Gari hadi cc 1,500", 1_625),
    ("1501-2000cc", "Vehicle of 1,501–2,000 cc", "Gari la cc 1,501–2,000", 2_125),
    ("2001-3000cc", "Vehicle of 2,001–3,000 cc", "Gari la cc 2,001–3,000", 3_125),
    ("over-3000cc", "Vehicle over 3,000 cc", "Gari zaidi ya cc 3,000", 4_125),
];
const REGISTRATION_FEES: &[V] = &[
    ("motorcycle", "Motorcycle or three-wheeler", "Pikipiki au bajaji", 2_050),
    ("private", "Private vehicle", "Gari binafsi", 3_050),
    ("commercial", "Commercial vehicle or trailer", "Gari la biashara au tela", 4_050),
];
const INSPECTION_FEES: &[V] = &[
    ("annual", "Annual inspection", "Ukaguzi wa mwaka", 2_000),
    ("re-inspection", "Re-inspection after repairs", "Ukaguzi wa marudio baada ya matengenezo", 1_000),
    ("conversion", "Inspection after change of body or use", "Ukaguzi baada ya kubadilisha bodi au matumizi", 2_000),
];
const PSV_LICENCE_FEES: &[V] = &[
    ("up-to-14-seats", "Up to 14 seats", "Hadi viti 14", 5_000),
    ("15-32-seats", "15 to 32 seats", "Viti 15 hadi 32", 7_500),
    ("33-seats-and-above", "33 seats and above", "Viti 33 na zaidi", 10_000),
];
const INSTANT_FINES: &[V] = &[
    ("speeding-6-10", "Exceeding the speed limit by 6–10 km/h", "Kuzidi kikomo cha mwendo kwa km/saa 6–10", 500),
    ("speeding-11-15", "Exceeding the speed limit by 11–15 km/h", "Kuzidi kikomo cha mwendo kwa km/saa 11–15", 3_000),
    ("speeding-16-20", "Exceeding the speed limit by 16–20 km/h", "Kuzidi kikomo cha mwendo kwa km/saa 16–20", 10_000),
    ("no-seatbelt", "Not wearing a seat belt", "Kutofunga mkanda wa usalama", 500),
    ("mobile-phone", "Using a mobile phone while driving", "Kutumia simu ukiendesha gari", 2_000),
    ("no-licence-carried", "Driving licence not carried", "Kutobeba leseni ya udereva", 1_000),
    ("obstruction", "Causing obstruction", "Kusababisha msongamano", 10_000),
];

const NTSA: &[Group] = &[
    g(
        C::Transport,
        F::DrivingLicence,
        &[
            it(
                "driving-licence-renewal",
                "Driving licence renewal",
                "Kuhuisha leseni ya udereva",
                Fee::KesV(DL_RENEWAL_FEES),
                1,
                950_000,
                "renew renewal dl smart dl driving license leseni ya udereva drivers licence tims ecitizen",
            )
            .about(
                "Renew your smart driving licence for one or three years on the NTSA portal. Pay online and the new expiry date is recorded the same day.",
                "Huisha leseni yako janja ya udereva kwa mwaka mmoja au miaka mitatu kupitia tovuti ya NTSA. Lipa mtandaoni na tarehe mpya ya mwisho hurekodiwa siku hiyo hiyo.",
            ),
            it(
                "smart-driving-licence",
                "Smart driving licence (first issue or upgrade from the old booklet)",
                "Leseni ya udereva ya kidijitali (mara ya kwanza au kubadilisha kijitabu cha zamani)",
                k(3_050),
                14,
                500_000,
                "smart dl card upgrade red booklet driving license new leseni janja",
            )
            .steps(SMART_DL_STEPS),
            it(
                "provisional-driving-licence",
                "Provisional driving licence (learner's)",
                "Leseni ya udereva ya muda (ya mwanafunzi)",
                k(650),
                1,
                350_000,
                "pdl learner provisional driving license student driver leseni ya muda",
            ),
            it(
                "driving-licence-replacement",
                "Replacement of a lost or damaged driving licence",
                "Kubadilisha leseni ya udereva iliyopotea au kuharibika",
                k(1_050),
                14,
                120_000,
                "lost dl duplicate driving license replacement smart dl",
            )
            .steps(SMART_DL_STEPS),
            it(
                "driving-licence-foreign-conversion",
                "Conversion of a foreign driving licence",
                "Kubadilisha leseni ya udereva ya kigeni",
                k(3_050),
                14,
                15_000,
                "foreign driving license conversion expatriate international",
            )
            .steps(SMART_DL_STEPS),
            it(
                "driving-licence-record",
                "Driving licence record and verification letter",
                "Kumbukumbu ya leseni ya udereva na barua ya uthibitisho",
                k(550),
                3,
                20_000,
                "driving license verification record history letter",
            ),
            it("driving-instructor-licence", "Driving instructor licence", "Leseni ya mkufunzi wa udereva", k(1_050), 14, 3_000, "driving instructor licence trainer"),
            it("psv-driver-badge", "PSV driver's badge", "Beji ya dereva wa magari ya umma (PSV)", k(750), 7, 60_000, "psv badge matatu driver badge"),
            it("psv-conductor-badge", "PSV conductor's badge", "Beji ya kondakta wa magari ya umma (PSV)", k(750), 7, 40_000, "psv badge conductor tout matatu"),
            it("driving-school-licence", "Driving school licence", "Leseni ya shule ya udereva", k(10_000), 30, 2_000, "driving school licence academy")
                .form(F::BusinessLicence),
        ],
    ),
    g(
        C::Transport,
        F::DrivingTest,
        &[
            it("driving-test", "Driving test booking", "Kuweka nafasi ya mtihani wa udereva", k(1_050), 14, 250_000, "driving test book booking mtihani wa udereva dl test"),
            it("driving-retest", "Driving re-test booking", "Kuweka nafasi ya kurudia mtihani wa udereva", k(1_050), 14, 60_000, "driving retest re-test failed test"),
        ],
    ),
    g(
        C::Transport,
        F::Vehicle,
        &[
            it("vehicle-registration", "Registration of a motor vehicle", "Usajili wa gari", Fee::KesV(REGISTRATION_FEES), 7, 120_000, "motor vehicle registration new car number plate logbook usajili wa gari"),
            it(
                "transfer-of-ownership",
                "Transfer of motor vehicle ownership",
                "Uhamisho wa umiliki wa gari",
                Fee::KesV(TRANSFER_FEES),
                3,
                300_000,
                "transfer logbook change ownership sale of car buy used car uhamisho wa gari",
            ),
            it("vehicle-search", "Search of a motor vehicle record", "Upekuzi wa kumbukumbu za gari", k(550), 1, 150_000, "motor vehicle search copy of records owner logbook check"),
            it("logbook-duplicate", "Duplicate logbook (lost or damaged)", "Kitabu mbadala cha kumbukumbu za gari (logbook)", k(1_050), 14, 30_000, "lost logbook duplicate replacement"),
            it("change-of-particulars", "Change of vehicle particulars (colour, engine, body)", "Mabadiliko ya taarifa za gari (rangi, injini, bodi)", k(1_050), 7, 15_000, "change colour engine body vehicle particulars"),
            it("number-plates-replacement", "Replacement of number plates", "Nambari mbadala za usajili wa gari", k(3_050), 14, 25_000, "number plates replacement lost plates"),
            it("personalised-plates", "Personalised number plates", "Nambari za usajili za kibinafsi", k(1_000_000), 30, 600, "personalised custom number plate vanity"),
            it("financier-removal", "Removal of a financier from a logbook", "Kuondoa jina la mkopeshaji kwenye kitabu cha gari", k(1_050), 3, 20_000, "remove bank financier logbook discharge"),
            it("joint-ownership", "Adding or removing a joint owner of a vehicle", "Kuongeza au kuondoa mmiliki mwenza wa gari", k(1_050), 3, 5_000, "joint owner co-owner"),
            it("vehicle-deregistration", "Deregistration of a motor vehicle (scrapped or exported)", "Kufuta usajili wa gari (lililoharibiwa au kusafirishwa nje)", k(1_050), 7, 2_000, "deregister scrap export vehicle"),
            it("psv-licence", "PSV road service licence", "Leseni ya huduma ya barabarani ya magari ya umma (PSV)", Fee::KesV(PSV_LICENCE_FEES), 14, 50_000, "psv licence matatu bus road service")
                .form(F::BusinessLicence),
            it("psv-sacco-licence", "Licence for a PSV Sacco or company", "Leseni ya saco au kampuni ya magari ya umma", k(15_000), 30, 3_000, "sacco psv company matatu")
                .form(F::BusinessLicence),
            it("instant-fine", "Traffic instant fine payment", "Malipo ya faini ya papo hapo ya trafiki", Fee::KesV(INSTANT_FINES), 1, 80_000, "traffic fine instant fine offence speeding")
                .form(F::Payment),
        ],
    ),
    g(
        C::Transport,
        F::VehicleInspection,
        &[
            it("vehicle-inspection", "Motor vehicle inspection", "Ukaguzi wa gari", Fee::KesV(INSPECTION_FEES), 5, 100_000, "motor vehicle inspection sticker psv commercial ukaguzi"),
            it("speed-limiter-compliance", "Speed limiter compliance certificate", "Cheti cha kufuata kidhibiti mwendo", k(1_000), 5, 10_000, "speed governor limiter compliance"),
        ],
    ),
];

// ---------------------------------------------------------------------------------------------
// Directorate of Criminal Investigations and the National Police Service
// ---------------------------------------------------------------------------------------------

const GOOD_CONDUCT_STEPS: &[(&str, &str)] = &[
    (
        "Take the printed invoice and your ID to DCI headquarters on Kiambu Road or a Huduma Centre that offers the service, and have your fingerprints taken on form C24.",
        "Peleka ankara iliyochapishwa na kitambulisho chako katika makao makuu ya DCI barabara ya Kiambu au Kituo cha Huduma kinachotoa huduma hii, uchukuliwe alama za vidole kwenye fomu C24.",
    ),
    (
        "Download the certificate from your account when it is ready.",
        "Pakua cheti kutoka kwenye akaunti yako kikiwa tayari.",
    ),
];

const DCI: &[Group] = &[g(
    C::Justice,
    F::GoodConduct,
    &[
        it(
            "good-conduct",
            "Certificate of good conduct",
            "Cheti cha tabia njema",
            k(1_050),
            14,
            980_000,
            "police clearance certificate polisi tabia njema good conduct pcc criminal record",
        )
        .about(
            "A police clearance certificate showing whether you have a criminal record, for jobs, visas and study abroad. Pay online, have your fingerprints taken, then download the certificate.",
            "Cheti cha polisi kinachoonyesha kama una rekodi ya uhalifu, kwa ajira, viza na masomo nje ya nchi. Lipa mtandaoni, uchukuliwe alama za vidole, kisha pakua cheti.",
        )
        .steps(GOOD_CONDUCT_STEPS),
        it(
            "fingerprints",
            "Fingerprint taking for foreign visas and employment",
            "Kuchukuliwa alama za vidole kwa viza na ajira nje ya nchi",
            k(1_000),
            3,
            30_000,
            "fingerprints fingerprint card fbi canada visa",
        ),
        it(
            "vehicle-verification",
            "Motor vehicle verification before transfer or export",
            "Uthibitisho wa gari kabla ya uhamisho au kusafirisha nje",
            k(1_000),
            5,
            20_000,
            "vehicle verification stolen car check export re-registration",
        )
        .form(F::Generic),
        it(
            "forensic-document-examination",
            "Forensic examination of questioned documents",
            "Uchunguzi wa kitaalamu wa nyaraka zenye utata",
            k(5_000),
            30,
            1_000,
            "forensic document handwriting signature forgery",
        )
        .form(F::Generic),
        it("report-crime", "Report a crime anonymously (Fichua kwa DCI)", "Ripoti uhalifu bila kujitambulisha (Fichua kwa DCI)", FREE, 7, 15_000, "report crime tip off fichua anonymous")
            .form(F::Feedback),
    ],
)];

const NPS: &[Group] = &[g(
    C::Justice,
    F::Generic,
    &[
        it("police-abstract", "Police abstract for lost documents or accidents", "Hati ya polisi (abstract) kwa nyaraka zilizopotea au ajali", FREE, 1, 200_000, "police abstract ob lost id lost documents accident insurance")
            .about(
                "Report lost documents or a traffic accident and get a police abstract for replacing documents or making an insurance claim. Collect the stamped abstract at the police station you chose.",
                "Ripoti nyaraka zilizopotea au ajali ya barabarani upate hati ya polisi (abstract) kwa kubadilisha nyaraka au kudai bima. Chukua hati iliyogongwa muhuri katika kituo cha polisi ulichochagua.",
            ),
        it("p3-form", "P3 form for medical examination after an assault", "Fomu ya P3 ya uchunguzi wa kitabibu baada ya shambulio", FREE, 1, 40_000, "p3 form assault medical report"),
        it("event-security", "Police security for public events (per officer per day)", "Ulinzi wa polisi kwa hafla za umma (kwa afisa kwa siku)", k(3_000), 7, 3_000, "police security event escort"),
        it("public-meeting-notice", "Notification of a public meeting or procession", "Taarifa ya mkutano wa hadhara au maandamano", FREE, 3, 5_000, "public meeting procession demonstration notification"),
        it("police-recruitment", "Police constable recruitment application", "Ombi la kuajiriwa kuwa konstebo wa polisi", FREE, 60, 40_000, "police recruitment jobs constable"),
        it("report-police-misconduct", "Report police misconduct", "Ripoti utovu wa nidhamu wa polisi", FREE, 14, 4_000, "police misconduct complaint")
            .form(F::Feedback),
    ],
)];

// ---------------------------------------------------------------------------------------------
// Business Registration Service
// ---------------------------------------------------------------------------------------------

const BRS: &[Group] = &[
    g(
        C::Business,
        F::BusinessName,
        &[
            it(
                "business-name-search",
                "Business name search and reservation",
                "Upekuzi na uhifadhi wa jina la biashara",
                k(150),
                1,
                500_000,
                "business name search reservation availability check jina la biashara",
            ),
            it(
                "business-name-registration",
                "Business name registration",
                "Usajili wa jina la biashara",
                k(950),
                3,
                600_000,
                "register business name registration sole proprietor certificate jina la biashara bn",
            )
            .about(
                "Register a business name for a sole proprietorship or partnership. Reserve the name first, then pay and download the certificate of registration once approved.",
                "Sajili jina la biashara kwa biashara ya mtu mmoja au ubia. Hifadhi jina kwanza, kisha lipa na upakue cheti cha usajili kikiidhinishwa.",
            ),
            it("partnership-registration", "Partnership registration", "Usajili wa ubia", k(950), 3, 50_000, "partnership register business name partners"),
            it("business-name-changes", "Change of particulars of a registered business name", "Mabadiliko ya taarifa za jina la biashara lililosajiliwa", k(500), 3, 30_000, "change business name particulars partners address"),
            it("business-name-official-search", "Official search of a business name", "Upekuzi rasmi wa jina la biashara", k(500), 1, 40_000, "official search business name owners"),
            it("business-name-cessation", "Cessation of a business name", "Kusitisha jina la biashara", k(500), 5, 8_000, "cessation close business name deregister"),
        ],
    ),
    g(
        C::Business,
        F::Company,
        &[
            it("company-name-reservation", "Company name search and reservation", "Upekuzi na uhifadhi wa jina la kampuni", k(150), 1, 200_000, "company name search reservation"),
            it(
                "company-registration",
                "Registration of a private limited company",
                "Usajili wa kampuni binafsi yenye dhima ndogo",
                k(10_650),
                3,
                250_000,
                "register company limited ltd incorporation certificate of incorporation usajili wa kampuni",
            ),
            it("public-company-registration", "Registration of a public limited company", "Usajili wa kampuni ya umma yenye dhima ndogo", k(10_650), 5, 3_000, "public limited company plc incorporation"),
            it("guarantee-company-registration", "Registration of a company limited by guarantee", "Usajili wa kampuni yenye dhima kwa dhamana", k(10_650), 7, 6_000, "company limited by guarantee ngo club non profit"),
            it("cr12", "Official search of a company (CR12)", "Upekuzi rasmi wa kampuni (CR12)", k(650), 1, 150_000, "cr12 company search directors shareholders"),
            it("annual-returns", "Filing of company annual returns", "Kuwasilisha marejesho ya mwaka ya kampuni", k(1_050), 3, 120_000, "annual returns company filing cr29"),
            it("change-of-directors", "Notification of a change of directors or secretary", "Taarifa ya mabadiliko ya wakurugenzi au katibu", k(1_050), 3, 40_000, "change directors secretary cr"),
            it("allotment-of-shares", "Return of allotment of shares", "Marejesho ya ugawaji wa hisa", k(1_050), 3, 15_000, "allotment shares shareholders"),
            it("increase-share-capital", "Increase of nominal share capital", "Kuongeza mtaji wa hisa", k(1_050), 5, 6_000, "increase share capital"),
            it("company-name-change", "Change of company name", "Kubadilisha jina la kampuni", k(1_050), 5, 5_000, "change company name"),
            it("registration-of-charge", "Registration of a company charge (debenture)", "Usajili wa rehani ya kampuni (hati ya dhamana)", k(1_050), 5, 10_000, "charge debenture security loan"),
            it("beneficial-ownership", "Lodging the register of beneficial owners", "Kuwasilisha rejista ya wamiliki halisi", FREE, 3, 60_000, "beneficial ownership bo register"),
            it("llp-registration", "Limited liability partnership (LLP) registration", "Usajili wa ubia wenye dhima ndogo (LLP)", k(25_000), 5, 4_000, "llp limited liability partnership"),
            it("foreign-company-registration", "Registration of a branch of a foreign company", "Usajili wa tawi la kampuni ya kigeni", k(7_050), 14, 2_000, "foreign company branch registration"),
            it("company-restoration", "Restoration of a company to the register", "Kurejesha kampuni kwenye rejista", k(10_050), 30, 1_500, "restoration struck off company"),
            it("certified-copies", "Certified copies of company documents", "Nakala zilizothibitishwa za nyaraka za kampuni", k(650), 3, 20_000, "certified copies company documents certificate"),
            it("collateral-registration", "Registration of a notice in the collateral registry", "Usajili wa taarifa katika sajili ya dhamana", k(500), 1, 25_000, "collateral registry movable property security chattels"),
            it("collateral-search", "Search of the collateral registry", "Upekuzi wa sajili ya dhamana", k(300), 1, 15_000, "collateral registry search movable assets"),
        ],
    ),
];

// ---------------------------------------------------------------------------------------------
// Kenya Wildlife Service (park entry is generated per park in `generated`)
// ---------------------------------------------------------------------------------------------

const VEHICLE_ENTRY_FEES: &[V] = &[
    ("up-to-6-seats", "Vehicle of up to 6 seats", "Gari la viti hadi 6", 300),
    ("7-14-seats", "Vehicle of 7 to 14 seats", "Gari la viti 7 hadi 14", 1_000),
    ("15-44-seats", "Vehicle of 15 to 44 seats", "Gari la viti 15 hadi 44", 2_000),
];
const FILMING_FEES: &[V] = &[
    (
        "commercial",
        "Commercial or advertising filming (per day)",
        "Upigaji filamu wa kibiashara au matangazo (kwa siku)",
        1_000,
    ),
    ("documentary", "Documentary filming (per day)", "Upigaji filamu wa makala (kwa siku)", 500),
    ("still-photography", "Professional still photography (per day)", "Upigaji picha wa kitaalamu (kwa siku)", 250),
];

const KWS: &[Group] = &[
    g(
        C::Tourism,
        F::ParkEntry,
        &[
            it(
                "vehicle-entry",
                "Vehicle entry into a national park (per day)",
                "Ada ya gari kuingia hifadhi ya taifa (kwa siku)",
                Fee::KesV(VEHICLE_ENTRY_FEES),
                1,
                60_000,
                "vehicle entry park car fee",
            ),
            it(
                "ranger-guide",
                "Hire of a KWS ranger as a guide (per day)",
                "Kukodi askari wa KWS kama kiongozi (kwa siku)",
                k(2_000),
                1,
                5_000,
                "ranger guide armed escort",
            ),
        ],
    ),
    g(
        C::Tourism,
        F::Filming,
        &[it(
            "filming-permit",
            "Filming and photography in national parks",
            "Kupiga filamu na picha ndani ya hifadhi za taifa",
            Fee::UsdV(FILMING_FEES),
            7,
            1_500,
            "filming permit photography documentary location fee",
        )],
    ),
    g(
        C::Environment,
        F::EnvironmentPermit,
        &[
            it(
                "conservancy-registration",
                "Registration of a wildlife conservancy",
                "Usajili wa hifadhi ya wanyamapori ya jamii",
                k(5_000),
                60,
                800,
                "conservancy community wildlife registration",
            ),
            it(
                "game-farming-permit",
                "Wildlife farming (game farming) permit",
                "Kibali cha ufugaji wa wanyamapori",
                k(5_000),
                60,
                500,
                "game farming ostrich crocodile butterfly wildlife user right",
            ),
            it(
                "cites-permit",
                "CITES import or export permit for wildlife products",
                "Kibali cha CITES cha kuingiza au kusafirisha bidhaa za wanyamapori",
                k(5_000),
                14,
                700,
                "cites permit export trophy wildlife products",
            ),
            it(
                "research-permit",
                "Research permit in protected areas",
                "Kibali cha utafiti katika maeneo yaliyohifadhiwa",
                Fee::Usd(100),
                30,
                600,
                "research permit wildlife study",
            ),
        ],
    ),
    g(
        C::Other,
        F::Feedback,
        &[
            it(
                "wildlife-compensation",
                "Compensation claim for a wildlife attack or crop damage",
                "Dai la fidia kwa shambulio la wanyamapori au uharibifu wa mazao",
                FREE,
                90,
                15_000,
                "compensation wildlife attack elephant crop damage human wildlife conflict fidia",
            ),
            it(
                "problem-animal-report",
                "Report a problem animal",
                "Ripoti mnyama anayeleta madhara",
                FREE,
                1,
                8_000,
                "problem animal elephant lion stray wildlife conflict",
            ),
        ],
    ),
];

// ---------------------------------------------------------------------------------------------
// Kenya Revenue Authority
// ---------------------------------------------------------------------------------------------

const KRA: &[Group] = &[
    g(
        C::Tax,
        F::Tax,
        &[
            it(
                "pin-registration",
                "KRA PIN registration",
                "Usajili wa PIN ya KRA",
                FREE,
                1,
                700_000,
                "kra pin itax pin certificate tax registration taxpayer",
            ),
            it(
                "individual-return",
                "Individual income tax return",
                "Ritani ya kodi ya mapato ya mtu binafsi",
                FREE,
                1,
                800_000,
                "file returns itax p9 annual return income tax employment",
            ),
            it(
                "nil-return",
                "Nil income tax return",
                "Ritani sifuri ya kodi ya mapato",
                FREE,
                1,
                450_000,
                "nil return itax file no income",
            ),
            it(
                "tax-compliance-certificate",
                "Tax compliance certificate",
                "Cheti cha utiifu wa kodi",
                FREE,
                2,
                500_000,
                "tcc tax compliance certificate clearance tender job",
            ),
            it(
                "paye-return",
                "PAYE monthly return and payment",
                "Ritani na malipo ya kila mwezi ya PAYE",
                FREE,
                1,
                150_000,
                "paye employer payroll monthly p10",
            ),
            it(
                "vat-registration",
                "VAT registration",
                "Usajili wa VAT",
                FREE,
                5,
                30_000,
                "vat registration value added tax",
            ),
            it("vat-return", "VAT return", "Ritani ya VAT", FREE, 1, 120_000, "vat return monthly filing"),
            it(
                "turnover-tax-return",
                "Turnover tax return for small businesses",
                "Ritani ya kodi ya mauzo kwa biashara ndogo",
                FREE,
                1,
                80_000,
                "turnover tax tot small business",
            ),
            it(
                "rental-income-return",
                "Monthly rental income tax return",
                "Ritani ya kila mwezi ya kodi ya mapato ya kodi ya nyumba",
                FREE,
                1,
                90_000,
                "rental income mri landlord rent tax",
            ),
            it(
                "withholding-certificate",
                "Withholding tax certificate",
                "Cheti cha kodi ya zuio",
                FREE,
                1,
                40_000,
                "withholding tax certificate wht",
            ),
            it(
                "etims-registration",
                "eTIMS registration for electronic tax invoices",
                "Usajili wa eTIMS kwa ankara za kodi za kielektroniki",
                FREE,
                2,
                120_000,
                "etims tims electronic tax invoice",
            ),
            it(
                "pin-amendment",
                "Amendment of PIN details",
                "Marekebisho ya taarifa za PIN",
                FREE,
                3,
                50_000,
                "pin update change email amend",
            ),
            it(
                "tax-objection",
                "Objection to a tax assessment",
                "Pingamizi dhidi ya makadirio ya kodi",
                FREE,
                60,
                6_000,
                "objection assessment dispute",
            ),
            it(
                "penalty-waiver",
                "Waiver of tax penalties and interest",
                "Msamaha wa adhabu na riba za kodi",
                FREE,
                30,
                15_000,
                "waiver penalties interest amnesty",
            ),
            it(
                "tax-refund",
                "Tax refund claim",
                "Dai la kurejeshewa kodi",
                FREE,
                90,
                8_000,
                "refund overpayment vat refund",
            ),
            it(
                "disability-exemption",
                "Income tax exemption for persons with disabilities",
                "Msamaha wa kodi ya mapato kwa watu wenye ulemavu",
                FREE,
                30,
                10_000,
                "disability exemption pwd tax relief",
            ),
            it(
                "digital-service-tax",
                "Significant economic presence tax registration for digital services",
                "Usajili wa kodi ya huduma za kidijitali",
                FREE,
                5,
                1_000,
                "digital service tax sept online platforms",
            ),
        ],
    ),
    g(
        C::Tax,
        F::ImportExport,
        &[
            it(
                "returning-resident-exemption",
                "Duty exemption for returning residents' personal effects",
                "Msamaha wa ushuru wa mali binafsi za wakazi wanaorejea",
                FREE,
                7,
                6_000,
                "returning resident duty exemption personal effects diaspora",
            ),
            it(
                "foreign-vehicle-permit",
                "Temporary importation permit for a foreign-registered vehicle (per month)",
                "Kibali cha muda cha gari lililosajiliwa nje (kwa mwezi)",
                u(40),
                1,
                10_000,
                "foreign vehicle temporary import permit border",
            ),
            it(
                "customs-agent-licence",
                "Customs clearing agent licence",
                "Leseni ya wakala wa forodha",
                k(25_000),
                30,
                1_500,
                "clearing forwarding agent customs licence",
            )
            .form(F::BusinessLicence),
            it(
                "motor-vehicle-duty-valuation",
                "Import duty valuation of a motor vehicle",
                "Tathmini ya ushuru wa kuingiza gari",
                FREE,
                3,
                30_000,
                "car import duty calculator crsp valuation",
            ),
        ],
    ),
];

// ---------------------------------------------------------------------------------------------
// Civil registration and the National Registration Bureau
// ---------------------------------------------------------------------------------------------

const CRS: &[Group] = &[g(
    C::IdentityAndTravel,
    F::CivilRegistration,
    &[
        it(
            "birth-certificate",
            "Birth certificate",
            "Cheti cha kuzaliwa",
            k(50),
            7,
            600_000,
            "birth certificate cheti cha kuzaliwa register birth notification",
        ),
        it(
            "late-birth-registration",
            "Late registration of a birth (after six months)",
            "Usajili uliochelewa wa kuzaliwa (baada ya miezi sita)",
            k(150),
            30,
            80_000,
            "late birth registration adult no birth certificate",
        ),
        it(
            "birth-certificate-replacement",
            "Replacement of a lost birth certificate",
            "Cheti mbadala cha kuzaliwa kilichopotea",
            k(50),
            7,
            100_000,
            "lost birth certificate replacement copy",
        ),
        it(
            "birth-certificate-correction",
            "Correction of errors in a birth certificate",
            "Marekebisho ya makosa katika cheti cha kuzaliwa",
            k(100),
            30,
            40_000,
            "correct birth certificate error alteration spelling",
        ),
        it(
            "father-name-addition",
            "Adding a father's name to a birth certificate",
            "Kuongeza jina la baba kwenye cheti cha kuzaliwa",
            k(100),
            30,
            20_000,
            "father name birth certificate paternity",
        ),
        it(
            "birth-abroad-registration",
            "Registration of a birth that took place abroad",
            "Usajili wa kuzaliwa kulikotokea nje ya nchi",
            k(100),
            30,
            6_000,
            "birth abroad diaspora foreign birth",
        ),
        it(
            "adoption-birth-certificate",
            "Birth certificate after an adoption order",
            "Cheti cha kuzaliwa baada ya amri ya kuasili",
            k(100),
            30,
            1_000,
            "adoption birth certificate adopted child",
        ),
        it(
            "death-certificate",
            "Death certificate",
            "Cheti cha kifo",
            k(50),
            7,
            200_000,
            "death certificate cheti cha kifo burial permit succession",
        ),
        it(
            "late-death-registration",
            "Late registration of a death",
            "Usajili uliochelewa wa kifo",
            k(150),
            30,
            20_000,
            "late death registration",
        ),
        it(
            "death-certificate-replacement",
            "Replacement of a lost death certificate",
            "Cheti mbadala cha kifo kilichopotea",
            k(50),
            7,
            15_000,
            "lost death certificate copy",
        ),
        it(
            "certificate-verification",
            "Verification of a birth or death certificate",
            "Uthibitisho wa cheti cha kuzaliwa au kifo",
            k(100),
            3,
            10_000,
            "verify birth certificate authenticity",
        ),
    ],
)];

const NRB: &[Group] = &[g(
    C::IdentityAndTravel,
    F::NationalId,
    &[
        it(
            "first-id",
            "First national ID card",
            "Kitambulisho cha taifa cha kwanza",
            FREE,
            30,
            500_000,
            "national id card kitambulisho new id first time 18 years maisha card",
        ),
        it(
            "id-replacement",
            "Replacement of a lost national ID card",
            "Kitambulisho cha taifa mbadala kilichopotea",
            k(100),
            30,
            400_000,
            "lost id replacement duplicate kitambulisho kilichopotea",
        ),
        it(
            "id-change-of-particulars",
            "Change of particulars on a national ID card",
            "Mabadiliko ya taarifa kwenye kitambulisho cha taifa",
            k(300),
            30,
            40_000,
            "change name id correction particulars",
        ),
        it(
            "maisha-namba",
            "Maisha Namba registration",
            "Usajili wa Maisha Namba",
            FREE,
            14,
            150_000,
            "maisha namba unique personal identifier upi digital id",
        ),
        it(
            "id-status",
            "National ID application status check",
            "Kuangalia hali ya ombi la kitambulisho",
            FREE,
            1,
            100_000,
            "id status ready collection",
        ),
        it(
            "id-verification",
            "Verification of a national ID for organisations",
            "Uthibitisho wa kitambulisho cha taifa kwa mashirika",
            k(50),
            1,
            10_000,
            "id verification iprs kyc",
        ),
    ],
)];

// ---------------------------------------------------------------------------------------------
// Lands and survey
// ---------------------------------------------------------------------------------------------

const LAND_RENT_FEES: &[V] = &[
    ("residential", "Residential plot (typical annual rent)", "Kiwanja cha makazi (kodi ya kawaida ya mwaka)", 1_500),
    ("commercial", "Commercial plot (typical annual rent)", "Kiwanja cha biashara (kodi ya kawaida ya mwaka)", 10_000),
    (
        "agricultural",
        "Agricultural leasehold (typical annual rent)",
        "Shamba la ukodishaji (kodi ya kawaida ya mwaka)",
        500,
    ),
];

const LANDS: &[Group] = &[g(
    C::Land,
    F::LandTransaction,
    &[
        it(
            "official-search",
            "Official search of a land title",
            "Upekuzi rasmi wa hati ya ardhi",
            k(500),
            1,
            300_000,
            "land search title search ardhisasa official search green card ownership",
        ),
        it(
            "land-rent",
            "Land rent payment (leasehold)",
            "Malipo ya kodi ya ardhi (ukodishaji)",
            Fee::KesV(LAND_RENT_FEES),
            1,
            150_000,
            "land rent leasehold ground rent ardhisasa",
        )
        .form(F::Payment),
        it(
            "land-rent-clearance",
            "Land rent clearance certificate",
            "Cheti cha kulipa kodi ya ardhi",
            k(1_000),
            3,
            50_000,
            "land rent clearance certificate",
        ),
        it(
            "transfer-registration",
            "Registration of a transfer of land",
            "Usajili wa uhamisho wa ardhi",
            k(500),
            14,
            120_000,
            "land transfer title change ownership sale of land",
        ),
        it(
            "charge-registration",
            "Registration of a charge (mortgage) over land",
            "Usajili wa rehani ya ardhi",
            k(500),
            7,
            40_000,
            "charge mortgage loan title",
        ),
        it(
            "discharge-registration",
            "Registration of a discharge of charge",
            "Usajili wa kuondolewa kwa rehani",
            k(500),
            7,
            20_000,
            "discharge mortgage release",
        ),
        it(
            "caution",
            "Lodging a caution against a land title",
            "Kuweka zuio dhidi ya hati ya ardhi",
            k(500),
            3,
            15_000,
            "caution caveat restriction dispute",
        ),
        it(
            "caution-withdrawal",
            "Withdrawal or removal of a caution",
            "Kuondoa zuio kwenye hati ya ardhi",
            k(500),
            7,
            6_000,
            "remove caution withdraw",
        ),
        it(
            "green-card-copy",
            "Certified copy of the land register (green card)",
            "Nakala iliyothibitishwa ya rejista ya ardhi (kadi ya kijani)",
            k(500),
            3,
            25_000,
            "green card certified copy register abstract",
        ),
        it(
            "title-replacement",
            "Replacement of a lost title deed",
            "Hati mbadala ya ardhi iliyopotea",
            k(1_000),
            60,
            15_000,
            "lost title deed replacement",
        ),
        it(
            "consent-to-transfer",
            "Consent to transfer or charge leasehold land",
            "Idhini ya kuhamisha au kuweka rehani ardhi ya ukodishaji",
            k(1_000),
            14,
            20_000,
            "consent transfer leasehold commissioner of lands",
        ),
        it(
            "lease-extension",
            "Extension or renewal of a lease",
            "Kuongeza au kuhuisha muda wa ukodishaji",
            k(5_000),
            90,
            5_000,
            "lease extension renewal",
        ),
        it(
            "transmission",
            "Transmission of land to heirs after succession",
            "Uhamisho wa ardhi kwa warithi baada ya urithi",
            k(500),
            30,
            25_000,
            "succession transmission heirs inheritance",
        ),
        it(
            "subdivision-registration",
            "Registration of a subdivision or amalgamation",
            "Usajili wa ugawaji au kuunganisha viwanja",
            k(500),
            30,
            15_000,
            "subdivision amalgamation mutation",
        ),
        it(
            "stamp-duty-valuation",
            "Valuation for stamp duty",
            "Tathmini ya ardhi kwa ushuru wa stempu",
            k(1_000),
            14,
            40_000,
            "valuation stamp duty transfer",
        ),
        it(
            "title-conversion",
            "Conversion of a title to the new registration regime",
            "Kubadilisha hati kwenda utaratibu mpya wa usajili",
            FREE,
            90,
            10_000,
            "title conversion land registration act migration",
        ),
    ],
)];

const SURVEY: &[Group] = &[g(
    C::Land,
    F::Planning,
    &[
        it(
            "topographic-map",
            "Topographic map sheet",
            "Ramani ya topografia",
            k(500),
            3,
            3_000,
            "maps topographic map sheet",
        ),
        it("deed-plan", "Deed plan", "Mpango wa hati (deed plan)", k(1_500), 14, 8_000, "deed plan survey title"),
        it(
            "registry-index-map",
            "Copy of a registry index map",
            "Nakala ya ramani ya faharasa ya sajili",
            k(500),
            3,
            10_000,
            "rim registry index map",
        ),
        it(
            "survey-plan-approval",
            "Approval of a survey plan",
            "Idhini ya mpango wa upimaji",
            k(5_000),
            30,
            3_000,
            "survey plan approval authentication",
        ),
        it(
            "boundary-fixing",
            "Fixing or re-establishment of boundaries",
            "Kuweka au kurejesha mipaka",
            k(5_000),
            30,
            6_000,
            "boundary beacons dispute resurvey",
        ),
        it(
            "aerial-photography",
            "Aerial photographs and satellite imagery",
            "Picha za angani na picha za setilaiti",
            k(2_000),
            7,
            500,
            "aerial photographs imagery",
        ),
    ],
)];

// ---------------------------------------------------------------------------------------------
// Education funding, placement and examinations
// ---------------------------------------------------------------------------------------------

const HELB: &[Group] = &[g(
    C::Education,
    F::Bursary,
    &[
        it(
            "undergraduate-loan",
            "Undergraduate student loan (first-time applicants)",
            "Mkopo wa wanafunzi wa shahada ya kwanza (waombaji wapya)",
            FREE,
            60,
            300_000,
            "helb loan first time university funding model scholarship",
        ),
        it(
            "subsequent-loan",
            "Subsequent student loan application",
            "Ombi la mkopo unaofuata wa mwanafunzi",
            FREE,
            30,
            250_000,
            "helb subsequent loan continuing student",
        ),
        it(
            "tvet-loan",
            "TVET student loan",
            "Mkopo wa wanafunzi wa TVET",
            FREE,
            60,
            120_000,
            "helb tvet loan college diploma certificate",
        ),
        it(
            "postgraduate-loan",
            "Postgraduate loan",
            "Mkopo wa masomo ya uzamili",
            FREE,
            60,
            10_000,
            "helb masters phd postgraduate loan",
        ),
        it(
            "afya-elimu-loan",
            "Afya Elimu Fund loan for medical training",
            "Mkopo wa Mfuko wa Afya Elimu kwa mafunzo ya afya",
            FREE,
            60,
            15_000,
            "afya elimu kmtc medical loan",
        ),
        it(
            "compliance-certificate",
            "HELB compliance certificate",
            "Cheti cha utiifu wa HELB",
            k(1_000),
            3,
            150_000,
            "helb clearance compliance certificate job",
        ),
        it(
            "loan-statement",
            "HELB loan statement",
            "Taarifa ya mkopo wa HELB",
            FREE,
            1,
            80_000,
            "helb statement balance",
        )
        .form(F::Generic),
        it(
            "penalty-waiver",
            "Waiver of HELB loan penalties",
            "Msamaha wa adhabu za mkopo wa HELB",
            FREE,
            30,
            40_000,
            "helb penalty waiver amnesty",
        ),
        it(
            "overpayment-refund",
            "Refund of HELB loan overpayment",
            "Kurejeshewa malipo ya ziada ya mkopo wa HELB",
            FREE,
            60,
            5_000,
            "helb refund overpayment",
        )
        .form(F::Generic),
    ],
)];

const KUCCPS: &[Group] = &[g(
    C::Education,
    F::Admission,
    &[
        it(
            "placement-application",
            "University and college placement application",
            "Ombi la kupangiwa chuo kikuu au chuo",
            k(1_500),
            30,
            400_000,
            "kuccps placement application degree diploma course choices",
        ),
        it(
            "revision-of-choices",
            "Revision of course choices",
            "Kurekebisha machaguo ya kozi",
            FREE,
            14,
            200_000,
            "kuccps revision choices second revision",
        ),
        it(
            "inter-institution-transfer",
            "Inter-institution transfer",
            "Uhamisho kati ya taasisi",
            k(1_000),
            30,
            60_000,
            "kuccps transfer institution change course",
        ),
        it(
            "admission-letter",
            "Placement results and admission letter",
            "Matokeo ya kupangiwa na barua ya udahili",
            FREE,
            1,
            300_000,
            "kuccps placement results admission letter",
        )
        .form(F::Generic),
    ],
)];

const KNEC: &[Group] = &[
    g(
        C::Education,
        F::ExamRegistration,
        &[
            it(
                "kcse-private-registration",
                "KCSE registration for private candidates",
                "Usajili wa KCSE kwa watahiniwa binafsi",
                k(5_000),
                30,
                40_000,
                "kcse private candidate registration resit",
            ),
            it(
                "kpsea-registration",
                "KPSEA registration (Grade 6)",
                "Usajili wa KPSEA (Gredi ya 6)",
                FREE,
                30,
                20_000,
                "kpsea grade 6 assessment cbc",
            ),
            it(
                "kjsea-registration",
                "KJSEA registration (Grade 9)",
                "Usajili wa KJSEA (Gredi ya 9)",
                FREE,
                30,
                15_000,
                "kjsea grade 9 junior school assessment cbc",
            ),
            it(
                "business-technical-registration",
                "Business and technical examinations registration",
                "Usajili wa mitihani ya biashara na ufundi",
                k(3_000),
                30,
                20_000,
                "knec diploma certificate business technical exams",
            ),
            it(
                "remarking",
                "Re-marking of an examination script (per subject)",
                "Kusahihisha upya karatasi ya mtihani (kwa somo)",
                k(1_000),
                60,
                8_000,
                "remark re-marking appeal results",
            ),
            it(
                "examiner-recruitment",
                "Application to be an examiner or supervisor",
                "Ombi la kuwa mtahini au msimamizi",
                FREE,
                60,
                20_000,
                "examiner contracted professional supervisor invigilator",
            )
            .form(F::Generic),
        ],
    ),
    g(
        C::Education,
        F::AcademicRecord,
        &[
            it(
                "certificate-replacement",
                "Replacement of a KCSE or KCPE certificate",
                "Cheti mbadala cha KCSE au KCPE",
                k(5_000),
                60,
                30_000,
                "lost certificate replacement kcse kcpe",
            ),
            it(
                "result-slip",
                "Replacement result slip",
                "Hati mbadala ya matokeo",
                k(1_000),
                14,
                20_000,
                "result slip replacement",
            ),
            it(
                "results-verification",
                "Verification of KNEC results for employers and institutions",
                "Uthibitisho wa matokeo ya KNEC kwa waajiri na taasisi",
                k(1_000),
                14,
                25_000,
                "verify results certificate authenticity",
            ),
            it(
                "name-correction",
                "Correction of names on a KNEC certificate",
                "Marekebisho ya majina kwenye cheti cha KNEC",
                k(2_000),
                60,
                6_000,
                "correct name certificate error",
            ),
        ],
    ),
];

// ---------------------------------------------------------------------------------------------
// Social security and health insurance
// ---------------------------------------------------------------------------------------------

const NSSF: &[Group] = &[g(
    C::Labour,
    F::Generic,
    &[
        it(
            "member-registration",
            "NSSF member registration",
            "Usajili wa mwanachama wa NSSF",
            FREE,
            1,
            200_000,
            "nssf registration number card member",
        ),
        it(
            "employer-registration",
            "NSSF employer registration",
            "Usajili wa mwajiri wa NSSF",
            FREE,
            3,
            30_000,
            "nssf employer registration",
        ),
        it(
            "statement",
            "NSSF member statement",
            "Taarifa ya mwanachama wa NSSF",
            FREE,
            1,
            150_000,
            "nssf statement contributions balance",
        ),
        it(
            "age-benefit",
            "Age (retirement) benefit claim",
            "Dai la mafao ya uzeeni",
            FREE,
            30,
            20_000,
            "nssf retirement age benefit pension claim",
        ),
        it(
            "withdrawal-benefit",
            "Withdrawal benefit claim",
            "Dai la mafao ya kujitoa",
            FREE,
            30,
            15_000,
            "nssf withdrawal benefit emigration",
        ),
        it(
            "survivors-benefit",
            "Survivors' benefit claim",
            "Dai la mafao ya warithi",
            FREE,
            30,
            8_000,
            "nssf survivors death benefit dependants",
        ),
        it(
            "invalidity-benefit",
            "Invalidity benefit claim",
            "Dai la mafao ya ulemavu",
            FREE,
            30,
            3_000,
            "nssf invalidity disability benefit",
        ),
        it(
            "haba-haba",
            "Haba Haba voluntary savings for the self-employed",
            "Akiba ya hiari ya Haba Haba kwa waliojiajiri",
            FREE,
            1,
            20_000,
            "haba haba voluntary savings informal sector jua kali",
        ),
    ],
)];

const SHA: &[Group] = &[g(
    C::Health,
    F::Generic,
    &[
        it(
            "registration",
            "Social Health Insurance registration",
            "Usajili wa Bima ya Afya ya Jamii",
            FREE,
            1,
            500_000,
            "sha shif nhif registration health insurance bima ya afya",
        ),
        it(
            "self-employed-contribution",
            "SHIF contribution for the self-employed (monthly minimum)",
            "Mchango wa SHIF kwa waliojiajiri (kiwango cha chini cha mwezi)",
            k(300),
            1,
            300_000,
            "shif contribution pay monthly nhif self employed",
        )
        .form(F::Payment),
        it(
            "employer-registration",
            "SHA employer registration",
            "Usajili wa mwajiri wa SHA",
            FREE,
            3,
            20_000,
            "sha employer registration payroll",
        ),
        it(
            "dependants",
            "Adding dependants to your SHA cover",
            "Kuongeza wategemezi kwenye bima yako ya SHA",
            FREE,
            3,
            120_000,
            "sha dependants spouse children beneficiaries",
        ),
        it(
            "means-testing",
            "Means testing for subsidised SHIF contributions",
            "Tathmini ya kipato kwa michango ya SHIF yenye ruzuku",
            FREE,
            14,
            60_000,
            "means testing subsidy indigent vulnerable",
        ),
        it(
            "facility-empanelment",
            "Health facility empanelment and contracting",
            "Kusajiliwa kwa vituo vya afya na mikataba",
            FREE,
            30,
            2_000,
            "facility empanelment contracting hospital provider",
        ),
        it(
            "pre-authorisation",
            "Pre-authorisation for specialised treatment",
            "Idhini ya awali kwa matibabu maalum",
            FREE,
            2,
            30_000,
            "pre authorisation preauth surgery dialysis",
        ),
        it(
            "benefits-complaint",
            "Complaint about SHA benefits or a facility",
            "Malalamiko kuhusu mafao ya SHA au kituo",
            FREE,
            14,
            10_000,
            "sha complaint benefits facility",
        )
        .form(F::Feedback),
    ],
)];

// ---------------------------------------------------------------------------------------------
// Regulators: environment, standards, energy, communications, aviation, medicines
// ---------------------------------------------------------------------------------------------

const EIA_FEES: &[V] = &[
    ("up-to-10m", "Project cost up to KSh 10 million", "Gharama ya mradi hadi KSh milioni 10", 10_000),
    ("10m-to-50m", "Project cost KSh 10–50 million", "Gharama ya mradi KSh milioni 10–50", 50_000),
    ("over-50m", "Project cost over KSh 50 million", "Gharama ya mradi zaidi ya KSh milioni 50", 100_000),
];

const NEMA: &[Group] = &[g(
    C::Environment,
    F::EnvironmentPermit,
    &[
        it(
            "eia-licence",
            "Environmental impact assessment (EIA) licence",
            "Leseni ya tathmini ya athari kwa mazingira (EIA)",
            Fee::KesV(EIA_FEES),
            45,
            20_000,
            "eia licence environmental impact assessment project report",
        ),
        it(
            "environmental-audit",
            "Environmental audit report submission",
            "Kuwasilisha ripoti ya ukaguzi wa mazingira",
            k(5_000),
            30,
            8_000,
            "environmental audit annual compliance",
        ),
        it(
            "effluent-discharge",
            "Effluent discharge licence",
            "Leseni ya kumwaga maji taka ya viwandani",
            k(5_000),
            30,
            3_000,
            "effluent discharge licence waste water",
        ),
        it(
            "waste-transport",
            "Waste transportation licence (per vehicle)",
            "Leseni ya kusafirisha taka (kwa gari)",
            k(5_000),
            30,
            6_000,
            "waste transport licence garbage truck",
        ),
        it(
            "waste-facility",
            "Waste disposal or recycling facility licence",
            "Leseni ya kituo cha kutupa au kurejeleza taka",
            k(50_000),
            60,
            800,
            "waste facility recycling dumpsite",
        ),
        it(
            "noise-permit",
            "Licence to exceed permissible noise levels",
            "Leseni ya kuzidi viwango vya kelele vinavyoruhusiwa",
            k(5_000),
            7,
            10_000,
            "noise permit event concert construction",
        ),
        it(
            "air-emission",
            "Air emission licence",
            "Leseni ya utoaji wa hewa chafu",
            k(20_000),
            30,
            600,
            "air emission licence factory",
        ),
        it(
            "ozone-import",
            "Import licence for ozone-depleting substances",
            "Leseni ya kuingiza kemikali zinazoharibu tabaka la ozoni",
            k(10_000),
            30,
            300,
            "ozone refrigerant import",
        ),
        it(
            "e-waste-handler",
            "E-waste handler licence",
            "Leseni ya mshughulikiaji wa taka za kielektroniki",
            k(20_000),
            30,
            400,
            "e-waste electronic waste",
        ),
        it(
            "report-pollution",
            "Report pollution or an environmental incident",
            "Ripoti uchafuzi au tukio la kimazingira",
            FREE,
            7,
            6_000,
            "report pollution dumping noise complaint",
        )
        .form(F::Feedback),
    ],
)];

const KEBS: &[Group] = &[g(
    C::Business,
    F::Inspection,
    &[
        it(
            "standardization-mark",
            "Standardization mark permit",
            "Kibali cha alama ya ubora (S-mark)",
            k(20_000),
            60,
            6_000,
            "standardization mark s-mark permit quality certification",
        ),
        it(
            "diamond-mark",
            "Diamond mark of quality permit",
            "Kibali cha alama ya almasi ya ubora",
            k(50_000),
            90,
            500,
            "diamond mark quality",
        ),
        it(
            "import-conformity",
            "Certificate of conformity for imports (PVoC)",
            "Cheti cha ulinganifu kwa bidhaa za kuingiza (PVoC)",
            FREE,
            7,
            20_000,
            "pvoc certificate of conformity import standards",
        ),
        it(
            "used-vehicle-inspection",
            "Pre-export inspection of a used vehicle for import",
            "Ukaguzi wa gari lililotumika kabla ya kuingizwa nchini",
            u(150),
            7,
            30_000,
            "used car import inspection japan uk",
        ),
        it(
            "product-testing",
            "Product testing (per sample)",
            "Upimaji wa bidhaa (kwa sampuli)",
            k(5_000),
            14,
            4_000,
            "lab testing product sample",
        ),
        it(
            "calibration",
            "Calibration of measuring equipment",
            "Usawazishaji wa vifaa vya vipimo",
            k(3_000),
            14,
            2_000,
            "calibration metrology",
        ),
        it(
            "standards-purchase",
            "Purchase of a Kenya Standard",
            "Kununua Kiwango cha Kenya",
            k(1_000),
            1,
            5_000,
            "kenya standard ks purchase document",
        )
        .form(F::Payment),
        it(
            "substandard-goods",
            "Report substandard goods",
            "Ripoti bidhaa zisizo na ubora",
            FREE,
            14,
            3_000,
            "substandard counterfeit complaint",
        )
        .form(F::Feedback),
    ],
)];

const ELECTRICIAN_FEES: &[V] = &[
    ("class-a1", "Class A1 – unlimited", "Daraja A1 – bila kikomo", 10_000),
    ("class-a2", "Class A2 – up to 433 V", "Daraja A2 – hadi V 433", 5_000),
    ("class-b", "Class B – single and three-phase installations", "Daraja B – mifumo ya fazi moja na tatu", 3_000),
    ("class-c", "Class C – single-phase domestic installations", "Daraja C – mifumo ya nyumbani ya fazi moja", 2_000),
];
const SOLAR_FEES: &[V] = &[
    ("t1", "Class T1 – small systems", "Daraja T1 – mifumo midogo", 1_000),
    ("t2", "Class T2 – medium systems", "Daraja T2 – mifumo ya kati", 3_000),
    ("t3", "Class T3 – large systems", "Daraja T3 – mifumo mikubwa", 5_000),
];

const EPRA: &[Group] = &[g(
    C::Environment,
    F::BusinessLicence,
    &[
        it(
            "electrical-worker-licence",
            "Electrical worker licence",
            "Leseni ya fundi umeme",
            Fee::KesV(ELECTRICIAN_FEES),
            30,
            15_000,
            "electrician licence electrical worker wiring",
        ),
        it(
            "electrical-contractor-licence",
            "Electrical contractor licence",
            "Leseni ya mkandarasi wa umeme",
            k(10_000),
            30,
            5_000,
            "electrical contractor licence",
        ),
        it(
            "solar-technician-licence",
            "Solar PV technician licence",
            "Leseni ya fundi wa nishati ya jua",
            Fee::KesV(SOLAR_FEES),
            30,
            6_000,
            "solar pv technician installer",
        ),
        it(
            "petroleum-retail-licence",
            "Petroleum retail (petrol station) licence",
            "Leseni ya kuuza mafuta ya petroli kwa rejareja",
            k(10_000),
            30,
            4_000,
            "petrol station fuel retail licence",
        ),
        it(
            "lpg-retail-licence",
            "LPG retail licence",
            "Leseni ya kuuza gesi ya LPG kwa rejareja",
            k(2_000),
            30,
            8_000,
            "lpg gas cylinder retail licence",
        ),
        it(
            "petroleum-transport-licence",
            "Petroleum road transport licence (per tanker)",
            "Leseni ya kusafirisha mafuta barabarani (kwa tanki)",
            k(5_000),
            30,
            3_000,
            "tanker petroleum transport",
        ),
        it(
            "petroleum-import-licence",
            "Petroleum import and export licence",
            "Leseni ya kuingiza na kusafirisha mafuta",
            k(30_000),
            30,
            300,
            "petroleum import export",
        ),
        it(
            "station-construction-permit",
            "Construction permit for a petrol station",
            "Kibali cha ujenzi wa kituo cha mafuta",
            k(20_000),
            60,
            800,
            "petrol station construction permit",
        ),
        it(
            "energy-complaint",
            "Complaint against an electricity or fuel company",
            "Malalamiko dhidi ya kampuni ya umeme au mafuta",
            FREE,
            30,
            8_000,
            "kplc complaint power outage fuel",
        )
        .form(F::Feedback),
    ],
)];

const CA: &[Group] = &[g(
    C::Business,
    F::BusinessLicence,
    &[
        it(
            "type-approval",
            "Type approval of communications equipment",
            "Idhini ya aina ya vifaa vya mawasiliano",
            k(15_000),
            30,
            1_500,
            "type approval phones equipment",
        ),
        it(
            "fm-frequency",
            "FM broadcasting frequency licence",
            "Leseni ya masafa ya utangazaji wa FM",
            k(100_000),
            90,
            300,
            "fm radio frequency broadcasting licence",
        ),
        it(
            "courier-licence",
            "Courier service licence",
            "Leseni ya huduma ya usafirishaji vifurushi",
            k(20_000),
            60,
            1_200,
            "courier postal licence parcel delivery",
        ),
        it(
            "isp-licence",
            "Internet service provider licence",
            "Leseni ya mtoa huduma ya intaneti",
            k(50_000),
            60,
            800,
            "isp internet service provider licence",
        ),
        it(
            "short-code",
            "Short code allocation",
            "Ugawaji wa nambari fupi",
            k(30_000),
            30,
            1_000,
            "short code sms ussd",
        ),
        it(
            "two-way-radio",
            "Radio communication licence (two-way radio)",
            "Leseni ya mawasiliano ya redio (redio za pande mbili)",
            k(5_000),
            30,
            1_000,
            "two way radio walkie talkie",
        ),
        it(
            "telecom-complaint",
            "Complaint against a telecommunications provider",
            "Malalamiko dhidi ya mtoa huduma za mawasiliano",
            FREE,
            30,
            6_000,
            "complaint safaricom airtel telkom network",
        )
        .form(F::Feedback),
    ],
)];

const KCAA: &[Group] = &[g(
    C::Transport,
    F::ProfessionalRegistration,
    &[
        it(
            "drone-registration",
            "Drone (RPAS) registration",
            "Usajili wa ndege isiyo na rubani (drone)",
            k(1_000),
            14,
            6_000,
            "drone rpas registration uav",
        ),
        it(
            "drone-operator",
            "Remote pilot licence and RPAS operator certificate",
            "Leseni ya rubani wa mbali na cheti cha mwendeshaji wa drone",
            k(10_000),
            30,
            2_500,
            "drone pilot operator licence rpas",
        ),
        it(
            "private-pilot-licence",
            "Private pilot licence (PPL)",
            "Leseni ya rubani binafsi (PPL)",
            k(5_000),
            30,
            1_000,
            "ppl private pilot licence",
        ),
        it(
            "commercial-pilot-licence",
            "Commercial pilot licence (CPL)",
            "Leseni ya rubani wa kibiashara (CPL)",
            k(10_000),
            30,
            800,
            "cpl commercial pilot licence",
        ),
        it(
            "atpl",
            "Airline transport pilot licence (ATPL)",
            "Leseni ya rubani wa ndege za abiria (ATPL)",
            k(15_000),
            30,
            300,
            "atpl airline pilot",
        ),
        it(
            "ame-licence",
            "Aircraft maintenance engineer licence",
            "Leseni ya mhandisi wa matengenezo ya ndege",
            k(10_000),
            30,
            500,
            "ame aircraft maintenance engineer",
        ),
        it(
            "aircraft-registration",
            "Aircraft registration",
            "Usajili wa ndege",
            k(20_000),
            30,
            200,
            "aircraft registration 5y",
        )
        .form(F::Vehicle),
        it(
            "aviation-medical",
            "Aviation medical certificate validation",
            "Uthibitishaji wa cheti cha afya cha usafiri wa anga",
            k(3_000),
            7,
            1_000,
            "aviation medical class 1 class 2",
        ),
    ],
)];

const PPB: &[Group] = &[g(
    C::Health,
    F::PremisesLicence,
    &[
        it(
            "product-registration",
            "Registration of a medicine or health product",
            "Usajili wa dawa au bidhaa ya afya",
            u(1_000),
            90,
            2_000,
            "drug registration medicine product dossier",
        ),
        it(
            "product-retention",
            "Annual retention of a registered product",
            "Uhifadhi wa mwaka wa bidhaa iliyosajiliwa",
            u(300),
            14,
            3_000,
            "retention product annual",
        ),
        it(
            "import-permit",
            "Import permit for medicines and health products",
            "Kibali cha kuingiza dawa na bidhaa za afya",
            k(1_000),
            3,
            15_000,
            "import permit pharmaceutical medicines",
        ),
        it(
            "export-permit",
            "Export permit for medicines",
            "Kibali cha kusafirisha dawa nje",
            k(1_000),
            3,
            2_000,
            "export permit pharmaceuticals",
        ),
        it(
            "medical-device-registration",
            "Registration of a medical device",
            "Usajili wa kifaa tiba",
            u(500),
            90,
            800,
            "medical device registration diagnostics",
        ),
        it(
            "clinical-trial-approval",
            "Clinical trial approval",
            "Idhini ya majaribio ya kitabibu",
            u(1_000),
            60,
            200,
            "clinical trial approval research",
        ),
        it(
            "adverse-reaction-report",
            "Report a suspected side effect or poor-quality medicine",
            "Ripoti madhara ya dawa au dawa duni",
            FREE,
            7,
            3_000,
            "adverse drug reaction pharmacovigilance side effect",
        )
        .form(F::Feedback),
    ],
)];

/// The smaller tables, kept apart so `groups` stays readable.
fn more_groups(code: &str) -> &'static [Group] {
    match code {
        "firearms-board" => FIREARMS,
        "kipi" => KIPI,
        "kecobo" => KECOBO,
        "kenya-ferry" => FERRY,
        "kma" => KMA,
        "kaa" => KAA,
        "kpa" => KPA,
        "kenha" => KENHA,
        "kura" => KURA,
        "kfs" => KFS,
        "afa" => AFA,
        "kephis" => KEPHIS,
        "government-printer" => PRINTER,
        "judiciary" => JUDICIARY,
        "state-law-office" => STATE_LAW,
        "odpc" => ODPC,
        "nita" => NITA,
        "nea" => NEA,
        "ncpwd" => NCPWD,
        "tsc" => TSC,
        "iebc" => IEBC,
        "registrar-societies" => SOCIETIES,
        "public-trustee" => PUBLIC_TRUSTEE,
        "ufaa" => UFAA,
        "bclb" => BCLB,
        "kfcb" => KFCB,
        "mck" => MCK,
        "posta" => POSTA,
        "tra" => TRA,
        "kicc" => KICC,
        "nacosti" => NACOSTI,
        "knls" => KNLS,
        "foreign-affairs" => FOREIGN,
        "ahb" => AHB,
        "social-protection" => SOCIAL,
        "children-services" => CHILDREN,
        "hustler-fund" => HUSTLER,
        "youth-fund" => YOUTH_FUND,
        "women-fund" => WOMEN_FUND,
        "nca" => NCA,
        "wra" => WRA,
        "veterinary-services" => VETERINARY,
        "kefs" => KEFS,
        "weights-measures" => WEIGHTS,
        "doshs" => DOSHS,
        "psra" => PSRA,
        "orpp" => ORPP,
        "eacc" => EACC,
        "nlc" => NLC,
        "kasneb" => KASNEB,
        "ksl" => KSL,
        "cue" => CUE,
        "knqa" => KNQA,
        "pensions" => PENSIONS,
        "nhc" => NHC,
        "kdb" => KDB,
        "keninvest" => KENINVEST,
        "cbk" => CBK,
        "ira" => IRA,
        "knbs" => KNBS,
        "meteorological" => MET,
        "national-archives" => ARCHIVES,
        "kdf" => KDF,
        "nys" => NYS,
        "prisons" => PRISONS,
        _ => &[],
    }
}

const FIREARMS: &[Group] = &[g(
    C::Justice,
    F::Firearm,
    &[
        it(
            "firearm-certificate",
            "Firearm certificate (civilian licence)",
            "Cheti cha kumiliki silaha (leseni ya raia)",
            k(20_000),
            90,
            3_000,
            "gun licence firearm certificate pistol",
        ),
        it(
            "firearm-renewal",
            "Annual renewal of a firearm certificate",
            "Kuhuisha cheti cha silaha kila mwaka",
            k(10_000),
            30,
            4_000,
            "gun licence renewal firearm",
        ),
        it(
            "firearm-dealer",
            "Firearms dealer licence",
            "Leseni ya mfanyabiashara wa silaha",
            k(100_000),
            90,
            100,
            "firearms dealer",
        ),
        it(
            "shooting-range",
            "Shooting range licence",
            "Leseni ya uwanja wa kulenga shabaha",
            k(50_000),
            90,
            100,
            "shooting range club",
        ),
        it(
            "firearm-transfer",
            "Transfer of a firearm to another licensed holder",
            "Kuhamisha silaha kwa mmiliki mwingine mwenye leseni",
            k(5_000),
            30,
            300,
            "firearm transfer sale",
        ),
    ],
)];

const KIPI: &[Group] = &[g(
    C::Business,
    F::IntellectualProperty,
    &[
        it(
            "trademark-search",
            "Trade mark search",
            "Upekuzi wa alama ya biashara",
            k(1_000),
            3,
            8_000,
            "trademark search brand logo",
        ),
        it(
            "trademark-application",
            "Trade mark application (per class)",
            "Ombi la alama ya biashara (kwa daraja)",
            k(6_000),
            90,
            8_000,
            "trademark registration brand logo",
        ),
        it(
            "trademark-renewal",
            "Trade mark renewal (per class)",
            "Kuhuisha alama ya biashara (kwa daraja)",
            k(9_000),
            30,
            2_000,
            "trademark renewal",
        ),
        it("patent-application", "Patent application", "Ombi la hataza", k(6_000), 365, 500, "patent invention"),
        it(
            "utility-model",
            "Utility model application",
            "Ombi la muundo wa matumizi",
            k(3_000),
            180,
            400,
            "utility model innovation",
        ),
        it(
            "industrial-design",
            "Industrial design application",
            "Ombi la muundo wa viwandani",
            k(3_000),
            180,
            400,
            "industrial design",
        ),
        it(
            "trademark-opposition",
            "Opposition to a trade mark application",
            "Pingamizi dhidi ya ombi la alama ya biashara",
            k(5_000),
            90,
            200,
            "trademark opposition dispute",
        ),
    ],
)];

const KECOBO: &[Group] = &[g(
    C::Business,
    F::IntellectualProperty,
    &[
        it(
            "copyright-registration",
            "Copyright registration of a work",
            "Usajili wa hakimiliki ya kazi",
            k(1_000),
            14,
            6_000,
            "copyright registration music book film software",
        ),
        it(
            "anti-piracy-stickers",
            "Authentication (anti-piracy) stickers",
            "Stika za uthibitisho (kupambana na uharamia)",
            k(500),
            7,
            1_000,
            "anti piracy stickers authentication",
        ),
        it(
            "cmo-licence",
            "Licence for a collective management organisation",
            "Leseni ya shirika la usimamizi wa pamoja",
            k(50_000),
            90,
            50,
            "cmo mcsk collective management",
        ),
        it(
            "copyright-complaint",
            "Copyright infringement complaint",
            "Malalamiko ya ukiukaji wa hakimiliki",
            FREE,
            30,
            800,
            "copyright infringement piracy complaint",
        )
        .form(F::Feedback),
    ],
)];

const FERRY_FEES: &[V] = &[
    ("pedestrian", "Pedestrian", "Mtembea kwa miguu", 0),
    ("motorcycle", "Motorcycle", "Pikipiki", 60),
    ("saloon-car", "Saloon car", "Gari dogo", 130),
    ("pickup-minibus", "Pick-up or minibus", "Pick-up au basi dogo", 250),
    ("lorry-bus", "Lorry or bus", "Lori au basi", 1_000),
];

const FERRY: &[Group] = &[g(
    C::Transport,
    F::Payment,
    &[
        it(
            "likoni-crossing",
            "Likoni ferry crossing (vehicles)",
            "Kuvuka kwa kivuko cha Likoni (magari)",
            Fee::KesV(FERRY_FEES),
            1,
            60_000,
            "likoni ferry crossing mombasa kivuko",
        ),
        it(
            "mtongwe-crossing",
            "Mtongwe ferry crossing",
            "Kuvuka kwa kivuko cha Mtongwe",
            Fee::KesV(FERRY_FEES),
            1,
            10_000,
            "mtongwe ferry crossing",
        ),
        it(
            "season-ticket",
            "Ferry season ticket for vehicles (monthly)",
            "Tiketi ya msimu ya kivuko kwa magari (kwa mwezi)",
            k(3_000),
            1,
            3_000,
            "ferry season ticket monthly",
        ),
    ],
)];

const KMA: &[Group] = &[g(
    C::Transport,
    F::ProfessionalRegistration,
    &[
        it(
            "seafarer-id",
            "Seafarer identity document (seaman's book)",
            "Hati ya utambulisho ya baharia",
            k(3_000),
            14,
            3_000,
            "seaman book seafarer identity",
        ),
        it(
            "certificate-of-competency",
            "Certificate of competency for seafarers",
            "Cheti cha umahiri kwa mabaharia",
            k(5_000),
            30,
            1_000,
            "coc seafarer certificate",
        ),
        it(
            "vessel-registration",
            "Registration of a vessel",
            "Usajili wa chombo cha majini",
            k(10_000),
            30,
            600,
            "ship boat vessel registration",
        )
        .form(F::Vehicle),
        it(
            "small-vessel-licence",
            "Small vessel and boat licence",
            "Leseni ya chombo kidogo na mashua",
            k(2_000),
            14,
            2_000,
            "boat licence small vessel fishing boat",
        ),
        it(
            "maritime-school",
            "Approval of a maritime training institution",
            "Idhini ya chuo cha mafunzo ya bahari",
            k(50_000),
            90,
            20,
            "maritime training approval",
        ),
    ],
)];

const KAA: &[Group] = &[g(
    C::Transport,
    F::Payment,
    &[
        it(
            "airport-parking",
            "Airport car park season ticket (monthly)",
            "Tiketi ya msimu ya maegesho ya uwanja wa ndege (kwa mwezi)",
            k(6_000),
            1,
            6_000,
            "jkia parking airport car park season ticket",
        ),
        it(
            "airport-access-permit",
            "Airport staff access permit",
            "Kibali cha wafanyakazi kuingia maeneo ya uwanja wa ndege",
            k(2_000),
            14,
            5_000,
            "airport id badge staff access permit",
        ),
        it(
            "advertising-space",
            "Advertising space at airports",
            "Nafasi ya matangazo viwanjani vya ndege",
            k(50_000),
            30,
            200,
            "advertising airport billboard",
        )
        .form(F::Advertising),
        it(
            "lost-and-found",
            "Airport lost and found claim",
            "Dai la mali iliyopotea uwanjani",
            FREE,
            3,
            3_000,
            "lost property airport",
        )
        .form(F::Generic),
    ],
)];

const KPA: &[Group] = &[g(
    C::Business,
    F::ImportExport,
    &[
        it(
            "port-charges",
            "Payment of port charges",
            "Malipo ya ada za bandari",
            FREE,
            1,
            20_000,
            "port charges mombasa container",
        )
        .about(
            "Pay port charges for cargo and containers at the ports of Mombasa and Lamu. The amount is the one on the port invoice for your consignment.",
            "Lipa ada za bandari kwa mizigo na makontena katika bandari za Mombasa na Lamu. Kiasi ni kile kilicho kwenye ankara ya bandari ya mzigo wako.",
        ),
        it(
            "port-access-permit",
            "Port access permit",
            "Kibali cha kuingia bandarini",
            k(500),
            3,
            10_000,
            "port access gate permit",
        ),
        it(
            "container-deposit-refund",
            "Refund of a container deposit",
            "Kurejeshewa dhamana ya kontena",
            FREE,
            14,
            3_000,
            "container deposit refund",
        ),
    ],
)];

const KENHA: &[Group] = &[g(
    C::Transport,
    F::Planning,
    &[
        it(
            "road-reserve-wayleave",
            "Wayleave to use a highway road reserve",
            "Idhini ya kutumia hifadhi ya barabara kuu",
            k(10_000),
            30,
            2_000,
            "wayleave road reserve utilities fibre",
        ),
        it(
            "access-road",
            "Approval of an access road onto a highway",
            "Idhini ya barabara ya kuingia barabara kuu",
            k(10_000),
            30,
            1_000,
            "access road junction petrol station",
        ),
        it(
            "abnormal-load",
            "Abnormal and oversize load permit",
            "Kibali cha mzigo usio wa kawaida na mkubwa",
            k(5_000),
            3,
            3_000,
            "abnormal load permit oversize",
        ),
        it(
            "axle-load",
            "Axle load weighbridge ticket query",
            "Swali kuhusu tiketi ya mzani wa ekseli",
            FREE,
            3,
            3_000,
            "weighbridge axle load overload",
        )
        .form(F::Generic),
        it(
            "outdoor-advertising",
            "Outdoor advertising along a highway",
            "Matangazo ya nje kando ya barabara kuu",
            k(20_000),
            30,
            500,
            "billboard advertising highway",
        )
        .form(F::Advertising),
    ],
)];

const KURA: &[Group] = &[g(
    C::Transport,
    F::Planning,
    &[
        it(
            "road-reserve-wayleave",
            "Wayleave to use an urban road reserve",
            "Idhini ya kutumia hifadhi ya barabara ya mjini",
            k(10_000),
            30,
            1_500,
            "wayleave road reserve urban",
        ),
        it(
            "road-cutting",
            "Road cutting permit",
            "Kibali cha kukata barabara",
            k(5_000),
            14,
            800,
            "road cutting excavation",
        ),
        it(
            "road-complaint",
            "Report a damaged urban road",
            "Ripoti barabara ya mjini iliyoharibika",
            FREE,
            14,
            2_000,
            "potholes road repair",
        )
        .form(F::Feedback),
    ],
)];

const KFS: &[Group] = &[g(
    C::Environment,
    F::EnvironmentPermit,
    &[
        it(
            "produce-movement-permit",
            "Forest produce movement permit",
            "Kibali cha kusafirisha mazao ya misitu",
            k(1_000),
            3,
            10_000,
            "timber movement permit logs",
        ),
        it(
            "charcoal-producer",
            "Charcoal producer licence",
            "Leseni ya mzalishaji wa mkaa",
            k(5_000),
            30,
            1_500,
            "charcoal licence",
        ),
        it(
            "sawmill-licence",
            "Sawmill licence",
            "Leseni ya kiwanda cha mbao",
            k(20_000),
            30,
            600,
            "sawmill timber licence",
        ),
        it(
            "seedlings",
            "Tree seedlings (per seedling)",
            "Miche ya miti (kwa mche)",
            k(30),
            1,
            15_000,
            "tree seedlings nursery planting",
        )
        .form(F::Payment),
        it(
            "pelis",
            "Plantation establishment (PELIS) allocation",
            "Ugawaji wa mashamba ya PELIS",
            k(1_000),
            30,
            3_000,
            "pelis shamba system cultivation",
        ),
        it(
            "forest-events",
            "Events and filming in gazetted forests",
            "Hafla na upigaji filamu katika misitu iliyotangazwa",
            k(10_000),
            7,
            1_000,
            "forest event filming wedding photoshoot",
        )
        .form(F::Event),
    ],
)];

const AFA: &[Group] = &[g(
    C::Agriculture,
    F::BusinessLicence,
    &[
        it(
            "horticulture-export",
            "Horticultural produce export licence",
            "Leseni ya kusafirisha mazao ya bustani",
            k(10_000),
            14,
            4_000,
            "horticulture export licence avocado flowers",
        ),
        it(
            "coffee-dealer",
            "Coffee dealer licence",
            "Leseni ya mfanyabiashara wa kahawa",
            k(20_000),
            30,
            500,
            "coffee dealer licence",
        ),
        it(
            "coffee-miller",
            "Coffee miller licence",
            "Leseni ya kiwanda cha kukoboa kahawa",
            k(20_000),
            30,
            100,
            "coffee miller",
        ),
        it(
            "nuts-oil-processor",
            "Nuts and oil crops processor licence",
            "Leseni ya mchakataji wa karanga na mazao ya mafuta",
            k(10_000),
            30,
            300,
            "macadamia cashew processor",
        ),
        it(
            "pyrethrum-grower",
            "Pyrethrum grower registration",
            "Usajili wa mkulima wa pareto",
            FREE,
            14,
            500,
            "pyrethrum grower",
        ),
        it(
            "fibre-crops",
            "Fibre crops dealer licence",
            "Leseni ya mfanyabiashara wa mazao ya nyuzi",
            k(5_000),
            30,
            150,
            "sisal cotton fibre",
        ),
        it(
            "miraa-dealer",
            "Miraa dealer licence",
            "Leseni ya mfanyabiashara wa miraa",
            k(5_000),
            14,
            600,
            "miraa khat dealer",
        ),
        it(
            "export-certificate",
            "Agricultural produce export certificate",
            "Cheti cha kusafirisha mazao ya kilimo",
            k(1_000),
            2,
            3_000,
            "export certificate produce",
        ),
    ],
)];

const KEPHIS: &[Group] = &[g(
    C::Agriculture,
    F::ImportExport,
    &[
        it(
            "phytosanitary-certificate",
            "Phytosanitary certificate for plant exports",
            "Cheti cha afya ya mimea kwa mazao ya nje",
            k(1_000),
            2,
            15_000,
            "phytosanitary certificate export plants",
        ),
        it(
            "plant-import-permit",
            "Plant import permit",
            "Kibali cha kuingiza mimea",
            k(1_000),
            7,
            6_000,
            "plant import permit seeds",
        ),
        it(
            "seed-merchant",
            "Seed merchant registration",
            "Usajili wa mfanyabiashara wa mbegu",
            k(5_000),
            30,
            1_000,
            "seed merchant dealer",
        ),
        it(
            "seed-certification",
            "Seed inspection and certification (per hectare)",
            "Ukaguzi na uthibitishaji wa mbegu (kwa hekta)",
            k(1_500),
            30,
            800,
            "seed certification inspection",
        ),
        it(
            "soil-testing",
            "Soil and plant analysis (per sample)",
            "Uchambuzi wa udongo na mimea (kwa sampuli)",
            k(2_000),
            14,
            3_000,
            "soil testing analysis lab",
        ),
    ],
)];

const GAZETTE_FEES: &[V] = &[
    ("standard", "Standard notice", "Tangazo la kawaida", 3_480),
    ("priority", "Priority (next issue)", "Kipaumbele (toleo linalofuata)", 5_800),
];

const PRINTER: &[Group] = &[g(
    C::Other,
    F::Gazette,
    &[
        it(
            "change-of-name-notice",
            "Kenya Gazette notice – change of name (deed poll)",
            "Tangazo la Gazeti la Kenya – kubadilisha jina (deed poll)",
            Fee::KesV(GAZETTE_FEES),
            7,
            15_000,
            "gazette change of name deed poll notice",
        ),
        it(
            "lost-title-notice",
            "Kenya Gazette notice – lost land title",
            "Tangazo la Gazeti la Kenya – hati ya ardhi iliyopotea",
            Fee::KesV(GAZETTE_FEES),
            7,
            8_000,
            "gazette lost title deed notice",
        ),
        it(
            "succession-notice",
            "Kenya Gazette notice – succession cause",
            "Tangazo la Gazeti la Kenya – shauri la mirathi",
            Fee::KesV(GAZETTE_FEES),
            7,
            12_000,
            "gazette succession probate notice",
        ),
        it(
            "company-notice",
            "Kenya Gazette notice – company or insolvency",
            "Tangazo la Gazeti la Kenya – kampuni au ufilisi",
            Fee::KesV(GAZETTE_FEES),
            7,
            3_000,
            "gazette company winding up notice",
        ),
        it(
            "lost-share-certificate-notice",
            "Kenya Gazette notice – lost share certificate or policy",
            "Tangazo la Gazeti la Kenya – cheti cha hisa au sera iliyopotea",
            Fee::KesV(GAZETTE_FEES),
            7,
            2_000,
            "gazette lost share certificate insurance policy",
        ),
        it(
            "gazette-subscription",
            "Kenya Gazette annual subscription",
            "Usajili wa mwaka wa Gazeti la Kenya",
            k(10_000),
            3,
            500,
            "gazette subscription",
        )
        .form(F::Payment),
    ],
)];

const JUDICIARY: &[Group] = &[g(
    C::Justice,
    F::CourtFiling,
    &[
        it(
            "plaint-filing",
            "Filing a civil suit (plaint)",
            "Kuwasilisha kesi ya madai",
            k(1_000),
            1,
            40_000,
            "civil suit plaint efiling court case",
        ),
        it(
            "small-claims",
            "Small claims court filing",
            "Kuwasilisha dai katika mahakama ya madai madogo",
            k(200),
            1,
            30_000,
            "small claims court debt",
        ),
        it(
            "succession-petition",
            "Petition for grant of letters of administration or probate",
            "Ombi la barua za usimamizi wa mirathi au probate",
            k(1_000),
            30,
            30_000,
            "succession probate letters of administration inheritance",
        ),
        it(
            "divorce-petition",
            "Divorce petition",
            "Ombi la talaka",
            k(2_000),
            1,
            8_000,
            "divorce petition marriage dissolution",
        ),
        it(
            "appeal-filing",
            "Filing an appeal",
            "Kuwasilisha rufaa",
            k(2_000),
            1,
            10_000,
            "appeal high court court of appeal",
        ),
        it("bail-bond", "Payment of cash bail", "Malipo ya dhamana ya fedha", FREE, 1, 20_000, "cash bail bond")
        .about(
            "Pay cash bail set by the court online and show the receipt at the court registry so the accused can be released. The amount is the one in the court order.",
            "Lipa dhamana ya fedha iliyowekwa na mahakama mtandaoni na uonyeshe risiti katika masjala ya mahakama ili mshtakiwa aachiliwe. Kiasi ni kile kilicho kwenye amri ya mahakama.",
        )
        .form(F::Payment),
        it(
            "fine-payment",
            "Payment of a court fine",
            "Malipo ya faini ya mahakama",
            FREE,
            1,
            20_000,
            "court fine payment",
        )
        .about(
            "Pay a fine imposed by a court online using the case number; the receipt is sent to the court registry at once. The amount is the one in the judgment.",
            "Lipa faini iliyotolewa na mahakama mtandaoni ukitumia nambari ya kesi; risiti hutumwa kwa masjala ya mahakama mara moja. Kiasi ni kile kilicho kwenye hukumu.",
        )
        .form(F::Payment),
        it(
            "certified-proceedings",
            "Certified copies of proceedings and judgments",
            "Nakala zilizothibitishwa za mashauri na hukumu",
            k(500),
            14,
            12_000,
            "certified proceedings judgment copy",
        ),
        it(
            "search-court-file",
            "Search of a court file",
            "Upekuzi wa faili la mahakama",
            k(100),
            1,
            10_000,
            "court file search cause list",
        ),
        it(
            "commissioner-for-oaths",
            "Commissioning of an affidavit",
            "Kuapisha hati ya kiapo",
            k(200),
            1,
            25_000,
            "affidavit commissioner for oaths",
        ),
        it(
            "court-annexed-mediation",
            "Court-annexed mediation referral",
            "Rufaa ya usuluhishi unaoambatana na mahakama",
            FREE,
            30,
            2_000,
            "mediation adr",
        ),
        it(
            "judiciary-complaint",
            "Complaint about a court service",
            "Malalamiko kuhusu huduma ya mahakama",
            FREE,
            14,
            2_000,
            "court complaint ombudsperson",
        )
        .form(F::Feedback),
    ],
)];

const STATE_LAW: &[Group] = &[g(
    C::Justice,
    F::Marriage,
    &[
        it(
            "notice-of-marriage",
            "Notice of intention to marry (civil marriage)",
            "Notisi ya nia ya kufunga ndoa (ndoa ya kiserikali)",
            k(600),
            21,
            30_000,
            "civil marriage notice registrar attorney general wedding",
        ),
        it(
            "civil-marriage",
            "Civil marriage at the Registrar's office",
            "Kufunga ndoa ya kiserikali kwa Msajili",
            k(3_300),
            21,
            25_000,
            "civil marriage wedding sheria house",
        ),
        it(
            "special-marriage-licence",
            "Special marriage licence",
            "Leseni maalum ya ndoa",
            k(10_050),
            3,
            2_000,
            "special licence marriage quick",
        ),
        it(
            "marriage-certificate-copy",
            "Certified copy of a marriage certificate",
            "Nakala iliyothibitishwa ya cheti cha ndoa",
            k(500),
            14,
            15_000,
            "marriage certificate copy replacement",
        ),
        it(
            "customary-marriage-registration",
            "Registration of a customary marriage",
            "Usajili wa ndoa ya kimila",
            k(2_000),
            30,
            6_000,
            "customary marriage registration dowry",
        ),
        it(
            "marriage-search",
            "Search of the marriage register",
            "Upekuzi wa rejista ya ndoa",
            k(500),
            7,
            5_000,
            "marriage search status",
        ),
        it(
            "deed-poll",
            "Registration of a deed poll (change of name)",
            "Usajili wa hati ya kubadilisha jina (deed poll)",
            k(1_000),
            14,
            12_000,
            "deed poll change of name",
        )
        .form(F::Generic),
        it(
            "documents-registration",
            "Registration of documents (powers of attorney, wills)",
            "Usajili wa nyaraka (hati za uwakilishi, wosia)",
            k(1_000),
            14,
            6_000,
            "power of attorney registration of documents will",
        )
        .form(F::Generic),
    ],
)];

const ODPC_FEES: &[V] = &[
    ("micro-small", "Micro or small organisation", "Taasisi ndogo sana au ndogo", 4_000),
    ("medium", "Medium organisation", "Taasisi ya kati", 16_000),
    ("large", "Large organisation", "Taasisi kubwa", 40_000),
];

const ODPC: &[Group] = &[g(
    C::Business,
    F::BusinessLicence,
    &[
        it(
            "controller-registration",
            "Registration as a data controller or processor",
            "Usajili kama mdhibiti au mchakataji wa data",
            Fee::KesV(ODPC_FEES),
            14,
            8_000,
            "data protection registration controller processor",
        ),
        it(
            "data-complaint",
            "Data protection complaint",
            "Malalamiko ya ulinzi wa data",
            FREE,
            90,
            4_000,
            "data breach privacy complaint",
        )
        .form(F::Feedback),
    ],
)];

const NITA: &[Group] = &[g(
    C::Labour,
    F::Generic,
    &[
        it(
            "industrial-training-levy",
            "Industrial training levy (per employee per month)",
            "Tozo ya mafunzo ya viwandani (kwa mfanyakazi kwa mwezi)",
            k(50),
            1,
            20_000,
            "nita levy employer",
        )
        .form(F::Payment),
        it(
            "trade-test",
            "Government trade test registration",
            "Usajili wa mtihani wa ufundi wa serikali",
            k(1_500),
            30,
            15_000,
            "trade test grade iii ii i artisan",
        ),
        it(
            "attachment-placement",
            "Industrial attachment placement",
            "Kupangiwa mafunzo kwa vitendo viwandani",
            FREE,
            30,
            10_000,
            "attachment placement students",
        ),
        it(
            "training-provider",
            "Registration of a training provider",
            "Usajili wa mtoa mafunzo",
            k(10_000),
            30,
            500,
            "training provider accreditation",
        ),
    ],
)];

const NEA: &[Group] = &[g(
    C::Labour,
    F::Generic,
    &[
        it(
            "jobseeker-registration",
            "Jobseeker registration",
            "Usajili wa mtafuta kazi",
            FREE,
            1,
            40_000,
            "jobs jobseeker employment registration ajira",
        ),
        it(
            "recruitment-agency",
            "Private employment agency registration",
            "Usajili wa wakala binafsi wa ajira",
            k(50_000),
            60,
            500,
            "recruitment agency foreign jobs gulf",
        )
        .form(F::BusinessLicence),
        it(
            "foreign-contract-attestation",
            "Attestation of a foreign employment contract",
            "Uthibitisho wa mkataba wa ajira nje ya nchi",
            k(1_000),
            7,
            10_000,
            "foreign job contract attestation saudi gulf",
        ),
        it(
            "agency-verification",
            "Verification of a recruitment agency",
            "Uthibitisho wa wakala wa ajira",
            FREE,
            1,
            15_000,
            "verify recruitment agency fake jobs",
        ),
    ],
)];

const NCPWD: &[Group] = &[g(
    C::Labour,
    F::Generic,
    &[
        it(
            "disability-registration",
            "Registration of persons with disabilities",
            "Usajili wa watu wenye ulemavu",
            FREE,
            30,
            30_000,
            "disability registration card pwd ulemavu",
        ),
        it(
            "assistive-devices",
            "Assistive devices support",
            "Msaada wa vifaa saidizi",
            FREE,
            60,
            6_000,
            "wheelchair assistive devices hearing aid",
        ),
        it(
            "cash-transfer",
            "Cash transfer for persons with severe disabilities",
            "Fedha taslimu kwa watu wenye ulemavu mkubwa",
            FREE,
            90,
            8_000,
            "cash transfer pwsd inua jamii",
        ),
        it(
            "tax-exemption-recommendation",
            "Recommendation for disability tax exemption",
            "Pendekezo la msamaha wa kodi kwa walemavu",
            FREE,
            30,
            6_000,
            "tax exemption disability recommendation kra",
        ),
    ],
)];

const TSC: &[Group] = &[g(
    C::Education,
    F::ProfessionalRegistration,
    &[
        it(
            "teacher-registration",
            "Teacher registration (TSC number)",
            "Usajili wa mwalimu (nambari ya TSC)",
            k(1_000),
            30,
            60_000,
            "tsc number teacher registration certificate",
        ),
        it(
            "teacher-recruitment",
            "Teacher recruitment application",
            "Ombi la kuajiriwa kuwa mwalimu",
            FREE,
            60,
            80_000,
            "teacher recruitment jobs tsc",
        ),
        it(
            "teacher-internship",
            "Teacher internship programme application",
            "Ombi la programu ya mafunzo kazini kwa walimu",
            FREE,
            30,
            50_000,
            "teacher intern jss",
        )
        .form(F::Generic),
        it(
            "transfer-request",
            "Teacher transfer request",
            "Ombi la uhamisho wa mwalimu",
            FREE,
            60,
            40_000,
            "teacher transfer delocalisation",
        ),
        it(
            "certificate-replacement",
            "Replacement of a teacher registration certificate",
            "Cheti mbadala cha usajili wa mwalimu",
            k(1_000),
            30,
            5_000,
            "lost tsc certificate",
        ),
    ],
)];

const NOMINATION_FEES: &[V] = &[
    ("president", "Presidential candidate", "Mgombea urais", 200_000),
    ("governor", "Governor", "Gavana", 100_000),
    (
        "senator-mp",
        "Senator, member of parliament or woman representative",
        "Seneta, mbunge au mwakilishi wa wanawake",
        50_000,
    ),
    ("mca", "Member of a county assembly", "Mwakilishi wa wadi", 5_000),
];

const IEBC: &[Group] = &[g(
    C::Other,
    F::Election,
    &[
        it(
            "voter-registration",
            "Voter registration",
            "Usajili wa mpiga kura",
            FREE,
            1,
            100_000,
            "voter registration register to vote kura",
        ),
        it(
            "voter-verification",
            "Voter details verification",
            "Uthibitisho wa taarifa za mpiga kura",
            FREE,
            1,
            150_000,
            "verify voter polling station status",
        ),
        it(
            "voter-transfer",
            "Transfer to a new polling station",
            "Kuhamia kituo kipya cha kupigia kura",
            FREE,
            30,
            20_000,
            "voter transfer polling station change",
        ),
        it(
            "candidate-nomination",
            "Candidate nomination fee",
            "Ada ya uteuzi wa mgombea",
            Fee::KesV(NOMINATION_FEES),
            7,
            3_000,
            "candidate nomination election",
        ),
        it(
            "observer-accreditation",
            "Election observer accreditation",
            "Ithibati ya mwangalizi wa uchaguzi",
            FREE,
            14,
            1_000,
            "observer accreditation",
        ),
    ],
)];

const SOCIETIES: &[Group] = &[g(
    C::Other,
    F::Generic,
    &[
        it(
            "society-registration",
            "Registration of a society",
            "Usajili wa chama",
            k(3_000),
            30,
            10_000,
            "society registration church welfare club chama",
        ),
        it(
            "change-of-officials",
            "Notification of a change of officials",
            "Taarifa ya mabadiliko ya viongozi",
            k(1_000),
            14,
            8_000,
            "change officials society",
        ),
        it(
            "annual-returns",
            "Society annual returns",
            "Marejesho ya mwaka ya chama",
            k(500),
            14,
            8_000,
            "society annual returns",
        ),
        it(
            "society-search",
            "Search of a registered society",
            "Upekuzi wa chama kilichosajiliwa",
            k(500),
            3,
            4_000,
            "society search status",
        ),
    ],
)];

const PUBLIC_TRUSTEE: &[Group] = &[g(
    C::Justice,
    F::Generic,
    &[
        it(
            "small-estate",
            "Administration of a small estate",
            "Usimamizi wa mirathi ndogo",
            FREE,
            90,
            5_000,
            "estate succession deceased administration",
        ),
        it(
            "beneficiary-claim",
            "Claim by a beneficiary of an estate",
            "Dai la mnufaika wa mirathi",
            FREE,
            60,
            4_000,
            "beneficiary claim estate",
        ),
        it(
            "pension-of-deceased",
            "Payment of a deceased civil servant's dues",
            "Malipo ya stahiki za mtumishi wa umma aliyefariki",
            FREE,
            60,
            3_000,
            "deceased dues pension gratuity",
        ),
    ],
)];

const UFAA: &[Group] = &[g(
    C::Other,
    F::Generic,
    &[
        it(
            "asset-search",
            "Search for unclaimed financial assets",
            "Kutafuta mali za kifedha ambazo hazijadaiwa",
            FREE,
            1,
            60_000,
            "unclaimed assets search money shares dividends",
        ),
        it(
            "asset-claim",
            "Claim for unclaimed financial assets",
            "Dai la mali za kifedha ambazo hazijadaiwa",
            FREE,
            90,
            15_000,
            "unclaimed assets claim refund",
        ),
        it(
            "holder-report",
            "Holder report of unclaimed assets",
            "Ripoti ya mhifadhi wa mali zisizodaiwa",
            FREE,
            30,
            1_000,
            "holder report banks insurance",
        ),
    ],
)];

const BCLB: &[Group] = &[g(
    C::Business,
    F::BusinessLicence,
    &[
        it(
            "bookmaker-licence",
            "Bookmaker's licence",
            "Leseni ya mwendeshaji wa kamari",
            k(500_000),
            60,
            200,
            "betting licence bookmaker sports betting",
        ),
        it(
            "gaming-premises",
            "Gaming premises permit",
            "Kibali cha eneo la michezo ya kubahatisha",
            k(50_000),
            30,
            300,
            "casino gaming premises slot machines",
        ),
        it(
            "lottery-licence",
            "Public lottery licence",
            "Leseni ya bahati nasibu ya umma",
            k(100_000),
            60,
            100,
            "lottery licence",
        ),
        it(
            "promotion-permit",
            "Prize competition and promotion permit",
            "Kibali cha shindano la zawadi na promosheni",
            k(10_000),
            7,
            1_500,
            "promotion raffle prize competition",
        ),
    ],
)];

const KFCB: &[Group] = &[g(
    C::Business,
    F::Filming,
    &[
        it(
            "film-classification",
            "Film classification (per minute)",
            "Uainishaji wa filamu (kwa dakika)",
            k(50),
            14,
            2_000,
            "film classification rating",
        ),
        it(
            "exhibition-licence",
            "Film exhibition licence",
            "Leseni ya kuonyesha filamu",
            k(5_000),
            14,
            1_000,
            "cinema exhibition licence",
        ),
        it(
            "distribution-licence",
            "Film distribution licence",
            "Leseni ya kusambaza filamu",
            k(10_000),
            14,
            800,
            "film distribution licence dvd",
        ),
    ],
)];

const MCK: &[Group] = &[g(
    C::Other,
    F::ProfessionalRegistration,
    &[
        it(
            "journalist-accreditation",
            "Journalist accreditation (press card)",
            "Ithibati ya mwanahabari (kadi ya waandishi)",
            k(3_000),
            14,
            8_000,
            "press card journalist accreditation media",
        ),
        it(
            "foreign-journalist-accreditation",
            "Accreditation of foreign journalists",
            "Ithibati ya wanahabari wa kigeni",
            u(100),
            7,
            600,
            "foreign journalist press card",
        ),
        it(
            "media-complaint",
            "Complaint against a media house",
            "Malalamiko dhidi ya chombo cha habari",
            FREE,
            30,
            800,
            "media complaint",
        )
        .form(F::Feedback),
    ],
)];

const POSTA: &[Group] = &[g(
    C::Other,
    F::Payment,
    &[
        it(
            "po-box-rental",
            "Post office box rental (annual)",
            "Kukodi sanduku la posta (kwa mwaka)",
            k(2_000),
            1,
            20_000,
            "po box rental post office box",
        ),
        it(
            "po-box-renewal",
            "Post office box renewal",
            "Kuhuisha sanduku la posta",
            k(2_000),
            1,
            25_000,
            "po box renewal",
        ),
        it(
            "parcel-tracking",
            "Parcel enquiry and tracking",
            "Kufuatilia kifurushi",
            FREE,
            1,
            10_000,
            "parcel tracking ems",
        )
        .form(F::Generic),
    ],
)];

const TRA: &[Group] = &[g(
    C::Tourism,
    F::BusinessLicence,
    &[
        it(
            "hotel-licence",
            "Tourism licence for a hotel or lodge",
            "Leseni ya utalii ya hoteli au loji",
            k(10_000),
            30,
            3_000,
            "hotel licence tourism lodge",
        ),
        it(
            "tour-operator-licence",
            "Tour operator licence",
            "Leseni ya mwendeshaji wa ziara",
            k(10_000),
            30,
            2_000,
            "tour operator licence safari company",
        ),
        it(
            "travel-agency-licence",
            "Travel agency licence",
            "Leseni ya wakala wa usafiri",
            k(10_000),
            30,
            1_500,
            "travel agency licence",
        ),
        it(
            "tour-guide-licence",
            "Tour guide licence",
            "Leseni ya kiongozi wa watalii",
            k(1_000),
            14,
            2_000,
            "tour guide licence",
        ),
        it(
            "tourism-levy",
            "Tourism levy return (2% of sales)",
            "Ritani ya tozo ya utalii (2% ya mauzo)",
            FREE,
            1,
            3_000,
            "tourism levy catering",
        )
        .form(F::Tax),
        it(
            "hotel-classification",
            "Hotel classification (star rating)",
            "Uainishaji wa hoteli (nyota)",
            k(20_000),
            90,
            300,
            "star rating classification",
        ),
    ],
)];

const KICC: &[Group] = &[g(
    C::Other,
    F::VenueHire,
    &[
        it(
            "tsavo-ballroom",
            "Hire of the Tsavo Ballroom (per day)",
            "Kukodi ukumbi wa Tsavo Ballroom (kwa siku)",
            k(350_000),
            7,
            400,
            "kicc ballroom hall hire conference",
        ),
        it(
            "plenary-hall",
            "Hire of the Plenary Hall (per day)",
            "Kukodi Ukumbi wa Plenary (kwa siku)",
            k(500_000),
            7,
            200,
            "kicc plenary hall",
        ),
        it(
            "amphitheatre",
            "Hire of the Amphitheatre (per day)",
            "Kukodi ukumbi wa Amphitheatre (kwa siku)",
            k(250_000),
            7,
            200,
            "kicc amphitheatre",
        ),
        it(
            "rooftop-tour",
            "Rooftop helipad visit",
            "Kutembelea paa la KICC (helipad)",
            k(500),
            1,
            8_000,
            "kicc rooftop helipad view",
        )
        .form(F::ParkEntry),
    ],
)];

const NACOSTI_FEES: &[V] = &[
    (
        "kenyan-student",
        "Kenyan student (undergraduate or postgraduate)",
        "Mwanafunzi Mkenya (shahada ya kwanza au uzamili)",
        1_000,
    ),
    ("kenyan-researcher", "Kenyan researcher or institution", "Mtafiti au taasisi ya Kenya", 5_000),
    ("east-african", "East African researcher", "Mtafiti wa Afrika Mashariki", 10_000),
];

const NACOSTI: &[Group] = &[g(
    C::Education,
    F::Research,
    &[
        it(
            "research-licence",
            "Research licence",
            "Leseni ya utafiti",
            Fee::KesV(NACOSTI_FEES),
            14,
            20_000,
            "research permit licence nacosti thesis",
        ),
        it(
            "foreign-research-licence",
            "Research licence for foreign researchers",
            "Leseni ya utafiti kwa watafiti wa kigeni",
            u(500),
            30,
            1_500,
            "foreign research permit",
        ),
        it(
            "institution-accreditation",
            "Accreditation of a research institution",
            "Ithibati ya taasisi ya utafiti",
            k(50_000),
            90,
            100,
            "research institution accreditation",
        ),
    ],
)];

const KNLS: &[Group] = &[g(
    C::Education,
    F::Payment,
    &[
        it(
            "library-membership",
            "Public library membership (annual)",
            "Uanachama wa maktaba ya umma (kwa mwaka)",
            k(200),
            1,
            20_000,
            "library membership card",
        ),
        it(
            "isbn",
            "ISBN allocation for publishers",
            "Ugawaji wa ISBN kwa wachapishaji",
            FREE,
            7,
            2_000,
            "isbn book number publisher",
        )
        .form(F::Generic),
        it(
            "legal-deposit",
            "Legal deposit of publications",
            "Kuwasilisha machapisho kisheria",
            FREE,
            7,
            500,
            "legal deposit publications",
        )
        .form(F::Generic),
    ],
)];

const FOREIGN: &[Group] = &[g(
    C::IdentityAndTravel,
    F::Generic,
    &[
        it(
            "document-authentication",
            "Authentication of documents for use abroad (per document)",
            "Uthibitishaji wa nyaraka za kutumika nje ya nchi (kwa hati)",
            k(1_000),
            3,
            40_000,
            "authentication apostille legalisation documents abroad",
        ),
        it(
            "diplomatic-note",
            "Note verbale for official travel",
            "Barua rasmi ya kidiplomasia kwa safari rasmi",
            FREE,
            3,
            3_000,
            "note verbale official travel visa",
        ),
        it(
            "distressed-kenyans",
            "Assistance for Kenyans in distress abroad",
            "Msaada kwa Wakenya walio na matatizo nje ya nchi",
            FREE,
            7,
            3_000,
            "consular assistance stranded abroad repatriation",
        ),
        it(
            "repatriation-of-remains",
            "Repatriation of the remains of a Kenyan who died abroad",
            "Kurejesha mwili wa Mkenya aliyefariki nje ya nchi",
            FREE,
            30,
            500,
            "repatriation remains body abroad",
        ),
    ],
)];

const AHB: &[Group] = &[g(
    C::Land,
    F::Generic,
    &[
        it(
            "boma-yangu-registration",
            "Boma Yangu affordable housing registration",
            "Usajili wa nyumba za bei nafuu za Boma Yangu",
            FREE,
            1,
            300_000,
            "boma yangu affordable housing registration",
        ),
        it(
            "house-application",
            "Application for an affordable housing unit",
            "Ombi la nyumba ya bei nafuu",
            FREE,
            60,
            80_000,
            "affordable house apply unit tenant purchase",
        ),
        it(
            "housing-levy-refund",
            "Affordable housing levy statement",
            "Taarifa ya tozo ya nyumba za bei nafuu",
            FREE,
            1,
            20_000,
            "housing levy statement",
        ),
    ],
)];

const SOCIAL: &[Group] = &[g(
    C::Labour,
    F::Generic,
    &[
        it(
            "inua-jamii-70",
            "Inua Jamii cash transfer for older persons (70 and over)",
            "Fedha za Inua Jamii kwa wazee (miaka 70 na zaidi)",
            FREE,
            90,
            60_000,
            "inua jamii elderly cash transfer pesa ya wazee",
        ),
        it(
            "orphans-cash-transfer",
            "Cash transfer for orphans and vulnerable children",
            "Fedha kwa yatima na watoto walio katika mazingira magumu",
            FREE,
            90,
            20_000,
            "orphans vulnerable children cash transfer ovc",
        ),
        it(
            "self-help-group",
            "Registration of a self-help group",
            "Usajili wa kikundi cha kujisaidia",
            k(1_000),
            14,
            40_000,
            "self help group chama women group registration",
        ),
        it(
            "community-based-organisation",
            "Registration of a community-based organisation",
            "Usajili wa shirika la kijamii",
            k(2_000),
            30,
            10_000,
            "cbo community based organisation",
        ),
    ],
)];

const CHILDREN: &[Group] = &[g(
    C::Justice,
    F::Generic,
    &[
        it("adoption", "Adoption application", "Ombi la kuasili mtoto", FREE, 180, 1_500, "adoption adopt child"),
        it("foster-care", "Foster care application", "Ombi la malezi ya kambo", FREE, 90, 800, "foster care"),
        it(
            "child-protection-report",
            "Report child abuse or neglect",
            "Ripoti unyanyasaji au kutelekezwa kwa mtoto",
            FREE,
            1,
            6_000,
            "child abuse report 116 helpline",
        )
        .form(F::Feedback),
        it(
            "charitable-children-institution",
            "Registration of a charitable children's institution",
            "Usajili wa taasisi ya hisani ya watoto",
            k(5_000),
            90,
            200,
            "children's home registration",
        ),
    ],
)];

const HUSTLER: &[Group] = &[g(
    C::Business,
    F::Generic,
    &[
        it(
            "personal-loan",
            "Hustler Fund personal loan",
            "Mkopo binafsi wa Hustler Fund",
            FREE,
            1,
            500_000,
            "hustler fund loan *254# mkopo",
        ),
        it(
            "group-loan",
            "Hustler Fund group loan",
            "Mkopo wa kikundi wa Hustler Fund",
            FREE,
            7,
            60_000,
            "hustler fund group chama loan",
        ),
        it(
            "savings",
            "Hustler Fund long-term savings",
            "Akiba ya muda mrefu ya Hustler Fund",
            FREE,
            1,
            40_000,
            "hustler fund savings",
        ),
    ],
)];

const YOUTH_FUND: &[Group] = &[g(
    C::Business,
    F::Generic,
    &[
        it(
            "group-loan",
            "Youth group enterprise loan",
            "Mkopo wa biashara wa kikundi cha vijana",
            FREE,
            30,
            8_000,
            "youth fund group loan",
        ),
        it(
            "individual-loan",
            "Individual youth enterprise loan",
            "Mkopo wa biashara wa kijana binafsi",
            FREE,
            30,
            6_000,
            "youth fund individual loan",
        ),
        it(
            "lpo-financing",
            "LPO financing for youth suppliers",
            "Ufadhili wa LPO kwa wasambazaji vijana",
            FREE,
            14,
            2_000,
            "lpo financing agpo tender",
        ),
    ],
)];

const WOMEN_FUND: &[Group] = &[g(
    C::Business,
    F::Generic,
    &[
        it(
            "tuinuke-loan",
            "Tuinuke loan for women's groups",
            "Mkopo wa Tuinuke kwa vikundi vya wanawake",
            FREE,
            30,
            10_000,
            "women fund tuinuke group loan",
        ),
        it(
            "individual-loan",
            "Individual loan for women entrepreneurs",
            "Mkopo binafsi kwa wanawake wajasiriamali",
            FREE,
            30,
            4_000,
            "women enterprise fund individual",
        ),
    ],
)];

const NCA: &[Group] = &[g(
    C::Business,
    F::BusinessLicence,
    &[
        it(
            "construction-worker",
            "Construction worker and site supervisor accreditation",
            "Ithibati ya fundi na msimamizi wa ujenzi",
            k(1_000),
            30,
            8_000,
            "fundi mason accreditation card construction worker",
        ),
        it(
            "project-registration",
            "Registration of a construction project (0.5% of contract sum)",
            "Usajili wa mradi wa ujenzi (0.5% ya thamani ya mkataba)",
            FREE,
            14,
            6_000,
            "project registration levy",
        ),
        it(
            "foreign-contractor",
            "Temporary registration of a foreign contractor",
            "Usajili wa muda wa mkandarasi wa kigeni",
            k(200_000),
            30,
            100,
            "foreign contractor",
        ),
    ],
)];

const WRA: &[Group] = &[g(
    C::Environment,
    F::EnvironmentPermit,
    &[
        it(
            "water-permit",
            "Water use (abstraction) permit",
            "Kibali cha kutumia (kuvuta) maji",
            k(5_000),
            60,
            4_000,
            "water permit abstraction river",
        ),
        it(
            "borehole-authorisation",
            "Authorisation to drill a borehole",
            "Idhini ya kuchimba kisima",
            k(5_000),
            30,
            6_000,
            "borehole drilling authorisation",
        ),
        it("water-use-charges", "Water use charges", "Malipo ya matumizi ya maji", FREE, 1, 2_000, "water use charges")
        .about(
            "Pay water use charges billed by the Water Resources Authority for a water permit. The amount is the one on your invoice, based on the volume abstracted.",
            "Lipa malipo ya matumizi ya maji yanayotozwa na Mamlaka ya Rasilimali za Maji kwa kibali cha maji. Kiasi ni kile kilicho kwenye ankara yako, kulingana na kiasi cha maji kilichovutwa.",
        )
        .form(F::Payment),
    ],
)];

const VETERINARY: &[Group] = &[g(
    C::Agriculture,
    F::Livestock,
    &[
        it(
            "animal-movement-permit",
            "Animal movement permit",
            "Kibali cha kusafirisha mifugo",
            k(200),
            1,
            30_000,
            "livestock movement permit cattle goats",
        ),
        it(
            "animal-import-permit",
            "Animal and animal product import permit",
            "Kibali cha kuingiza wanyama na bidhaa zao",
            k(1_000),
            7,
            2_000,
            "veterinary import permit",
        ),
        it(
            "veterinary-export-certificate",
            "Veterinary health certificate for exports",
            "Cheti cha afya ya mifugo kwa bidhaa za nje",
            k(1_000),
            3,
            3_000,
            "veterinary export health certificate",
        ),
        it(
            "pet-export",
            "Pet export certificate",
            "Cheti cha kusafirisha mnyama kipenzi",
            k(1_000),
            3,
            1_500,
            "pet dog cat export travel",
        ),
        it(
            "slaughterhouse-licence",
            "Slaughterhouse licence",
            "Leseni ya machinjio",
            k(10_000),
            30,
            800,
            "slaughterhouse abattoir licence",
        ),
    ],
)];

const KEFS: &[Group] = &[g(
    C::Agriculture,
    F::Livestock,
    &[
        it(
            "fishing-licence",
            "Fishing licence (fisher)",
            "Leseni ya uvuvi (mvuvi)",
            k(500),
            7,
            10_000,
            "fishing licence fisherman",
        ),
        it(
            "fishing-vessel",
            "Fishing vessel licence",
            "Leseni ya chombo cha uvuvi",
            k(2_000),
            14,
            3_000,
            "fishing vessel boat licence",
        ),
        it(
            "fish-trader",
            "Fish trader and fish movement permit",
            "Kibali cha mfanyabiashara wa samaki na kusafirisha samaki",
            k(1_000),
            3,
            4_000,
            "fish trader movement permit",
        ),
        it(
            "aquaculture-permit",
            "Aquaculture (fish farming) permit",
            "Kibali cha ufugaji wa samaki",
            k(1_000),
            30,
            2_000,
            "fish farming aquaculture pond",
        ),
        it(
            "sport-fishing",
            "Sport fishing licence",
            "Leseni ya uvuvi wa michezo",
            k(2_000),
            1,
            500,
            "sport fishing angling",
        ),
    ],
)];

const WEIGHTS: &[Group] = &[g(
    C::Business,
    F::Inspection,
    &[
        it(
            "instrument-verification",
            "Verification of weighing and measuring instruments",
            "Uthibitishaji wa vifaa vya kupima uzito na vipimo",
            k(500),
            7,
            10_000,
            "weighing scale verification stamping",
        ),
        it(
            "fuel-pump-verification",
            "Verification of fuel dispensers",
            "Uthibitishaji wa pampu za mafuta",
            k(1_000),
            7,
            2_000,
            "fuel pump dispenser verification",
        ),
        it(
            "repairer-licence",
            "Weighing instrument repairer licence",
            "Leseni ya fundi wa mizani",
            k(2_000),
            30,
            300,
            "repairer licence scales",
        ),
    ],
)];

const DOSHS: &[Group] = &[g(
    C::Labour,
    F::Inspection,
    &[
        it(
            "workplace-registration",
            "Registration of a workplace",
            "Usajili wa mahali pa kazi",
            k(1_000),
            14,
            15_000,
            "workplace registration osha factory",
        ),
        it(
            "safety-audit",
            "Occupational safety and health audit",
            "Ukaguzi wa usalama na afya kazini",
            k(5_000),
            30,
            2_000,
            "safety audit osh",
        ),
        it(
            "plant-examination",
            "Examination of boilers, lifts and pressure vessels",
            "Ukaguzi wa maboila, lifti na vyombo vya shinikizo",
            k(3_000),
            14,
            1_500,
            "boiler lift pressure vessel inspection",
        ),
        it(
            "injury-claim",
            "Work injury benefits claim",
            "Dai la fidia ya majeraha kazini",
            FREE,
            90,
            8_000,
            "wiba work injury compensation claim",
        )
        .form(F::Generic),
    ],
)];

const PSRA: &[Group] = &[g(
    C::Justice,
    F::BusinessLicence,
    &[
        it(
            "security-firm-licence",
            "Private security firm licence",
            "Leseni ya kampuni ya ulinzi binafsi",
            k(50_000),
            60,
            1_000,
            "security company firm licence guards",
        ),
        it(
            "guard-registration",
            "Private security officer registration",
            "Usajili wa mlinzi binafsi",
            k(1_000),
            30,
            20_000,
            "security guard registration watchman askari",
        ),
        it(
            "trainer-registration",
            "Security trainer registration",
            "Usajili wa mkufunzi wa ulinzi",
            k(5_000),
            30,
            200,
            "security trainer",
        ),
    ],
)];

const ORPP: &[Group] = &[g(
    C::Other,
    F::Election,
    &[
        it(
            "membership-check",
            "Check your political party membership",
            "Angalia uanachama wako wa chama cha siasa",
            FREE,
            1,
            80_000,
            "political party membership check ecitizen",
        ),
        it(
            "resign-membership",
            "Resignation from a political party",
            "Kujiuzulu uanachama wa chama cha siasa",
            FREE,
            7,
            20_000,
            "resign political party membership",
        ),
        it(
            "party-registration",
            "Registration of a political party",
            "Usajili wa chama cha siasa",
            k(500_000),
            90,
            50,
            "political party registration",
        ),
    ],
)];

const EACC: &[Group] = &[g(
    C::Justice,
    F::Feedback,
    &[
        it(
            "report-corruption",
            "Report corruption",
            "Ripoti ufisadi",
            FREE,
            30,
            15_000,
            "corruption bribery report rushwa",
        ),
        it(
            "integrity-verification",
            "Integrity verification for appointments",
            "Uthibitisho wa uadilifu kwa uteuzi",
            FREE,
            14,
            3_000,
            "integrity clearance chapter six",
        )
        .form(F::Generic),
    ],
)];

const NLC: &[Group] = &[g(
    C::Land,
    F::Generic,
    &[
        it(
            "historical-injustice-claim",
            "Historical land injustice claim",
            "Dai la dhuluma za kihistoria za ardhi",
            FREE,
            180,
            3_000,
            "historical land injustice claim",
        ),
        it(
            "compensation-claim",
            "Compulsory acquisition compensation claim",
            "Dai la fidia kwa ardhi iliyotwaliwa",
            FREE,
            90,
            4_000,
            "compulsory acquisition compensation",
        ),
        it(
            "public-land-allocation",
            "Public land allocation inquiry",
            "Uchunguzi wa ugawaji wa ardhi ya umma",
            FREE,
            60,
            1_000,
            "public land allocation grab",
        ),
    ],
)];

const KASNEB: &[Group] = &[g(
    C::Education,
    F::ExamRegistration,
    &[
        it(
            "student-registration",
            "KASNEB student registration",
            "Usajili wa mwanafunzi wa KASNEB",
            k(6_500),
            14,
            40_000,
            "kasneb registration cpa cs ccp",
        ),
        it(
            "exam-entry",
            "KASNEB examination entry (per paper)",
            "Kuingia mtihani wa KASNEB (kwa karatasi)",
            k(2_500),
            14,
            60_000,
            "kasneb exam booking cpa paper",
        ),
        it(
            "renewal",
            "Annual registration renewal",
            "Kuhuisha usajili wa mwaka",
            k(2_000),
            3,
            30_000,
            "kasneb renewal annual",
        ),
        it("exemption", "Examination exemption", "Msamaha wa mtihani", k(3_000), 30, 8_000, "kasneb exemption"),
    ],
)];

const KSL: &[Group] = &[g(
    C::Education,
    F::Admission,
    &[
        it(
            "atp-admission",
            "Advocates Training Programme admission",
            "Udahili wa Programu ya Mafunzo ya Mawakili",
            k(5_000),
            60,
            4_000,
            "atp bar school kenya school of law",
        ),
        it(
            "bar-exam",
            "Bar examination registration",
            "Usajili wa mtihani wa uwakili",
            k(10_000),
            30,
            3_000,
            "bar exam retake",
        ),
        it(
            "pre-bar",
            "Pre-bar examination registration",
            "Usajili wa mtihani wa kabla ya uwakili",
            k(5_000),
            30,
            800,
            "pre bar foreign law graduates",
        ),
    ],
)];

const CUE: &[Group] = &[g(
    C::Education,
    F::AcademicRecord,
    &[
        it(
            "degree-recognition",
            "Recognition of a foreign university qualification",
            "Kutambuliwa kwa shahada ya chuo kikuu cha nje",
            k(10_000),
            30,
            8_000,
            "recognition foreign degree equation",
        ),
        it(
            "programme-accreditation",
            "Accreditation of a university programme",
            "Ithibati ya programu ya chuo kikuu",
            k(300_000),
            180,
            100,
            "programme accreditation",
        ),
    ],
)];

const KNQA: &[Group] = &[g(
    C::Education,
    F::AcademicRecord,
    &[
        it(
            "qualification-equation",
            "Recognition and equation of foreign qualifications",
            "Kutambuliwa na kulinganishwa kwa sifa za nje",
            k(5_000),
            30,
            6_000,
            "equation qualifications foreign certificate",
        ),
        it(
            "qualification-verification",
            "Verification of qualifications",
            "Uthibitisho wa sifa za kitaaluma",
            k(1_000),
            14,
            10_000,
            "verification qualifications employer",
        ),
    ],
)];

const PENSIONS: &[Group] = &[g(
    C::Labour,
    F::Generic,
    &[
        it(
            "pension-claim",
            "Civil service pension claim",
            "Dai la pensheni ya utumishi wa umma",
            FREE,
            90,
            20_000,
            "pension claim civil servant retirement",
        ),
        it(
            "pensioner-verification",
            "Pensioner life certificate",
            "Cheti cha uhai cha mstaafu",
            FREE,
            7,
            30_000,
            "life certificate pensioner verification",
        ),
        it(
            "dependants-pension",
            "Dependants' pension claim",
            "Dai la pensheni ya wategemezi",
            FREE,
            90,
            5_000,
            "dependants pension widow",
        ),
    ],
)];

const NHC: &[Group] = &[g(
    C::Land,
    F::Generic,
    &[
        it(
            "home-ownership",
            "Tenant purchase and home ownership application",
            "Ombi la kumiliki nyumba kwa kununua kwa awamu",
            FREE,
            60,
            6_000,
            "nhc tenant purchase house",
        ),
        it(
            "rental-house",
            "Application for an NHC rental house",
            "Ombi la nyumba ya kupangisha ya NHC",
            FREE,
            30,
            4_000,
            "nhc rental house",
        ),
    ],
)];

const KDB: &[Group] = &[g(
    C::Agriculture,
    F::BusinessLicence,
    &[
        it(
            "milk-bar-licence",
            "Milk bar and dairy outlet licence",
            "Leseni ya duka la maziwa",
            k(1_500),
            14,
            6_000,
            "milk bar licence dairy atm",
        ),
        it(
            "processor-licence",
            "Dairy processor licence",
            "Leseni ya kiwanda cha maziwa",
            k(20_000),
            30,
            300,
            "dairy processor",
        ),
        it(
            "transporter-permit",
            "Milk transporter permit",
            "Kibali cha msafirishaji wa maziwa",
            k(1_000),
            14,
            3_000,
            "milk transport",
        ),
    ],
)];

const KENINVEST: &[Group] = &[g(
    C::Business,
    F::BusinessLicence,
    &[
        it(
            "investment-certificate",
            "Investment certificate for foreign investors",
            "Cheti cha uwekezaji kwa wawekezaji wa kigeni",
            FREE,
            14,
            800,
            "investment certificate foreign investor",
        ),
        it(
            "investor-facilitation",
            "Investor facilitation and aftercare",
            "Uwezeshaji na ufuatiliaji wa wawekezaji",
            FREE,
            14,
            500,
            "investor facilitation",
        )
        .form(F::Generic),
    ],
)];

const CBK: &[Group] = &[g(
    C::Business,
    F::BusinessLicence,
    &[
        it(
            "forex-bureau",
            "Foreign exchange bureau licence",
            "Leseni ya duka la kubadilisha fedha za kigeni",
            k(50_000),
            90,
            100,
            "forex bureau licence",
        ),
        it(
            "digital-credit-licence",
            "Digital credit provider licence",
            "Leseni ya mtoa mikopo ya kidijitali",
            k(50_000),
            90,
            300,
            "digital lender licence loan app",
        ),
        it(
            "bank-complaint",
            "Complaint against a bank or lender",
            "Malalamiko dhidi ya benki au mkopeshaji",
            FREE,
            30,
            6_000,
            "bank complaint crb digital lender",
        )
        .form(F::Feedback),
        it(
            "treasury-bonds",
            "Treasury bills and bonds (DhowCSD account)",
            "Hati fungani na dhamana za serikali (akaunti ya DhowCSD)",
            FREE,
            3,
            20_000,
            "treasury bonds bills dhowcsd invest",
        )
        .form(F::Generic),
    ],
)];

const IRA: &[Group] = &[g(
    C::Business,
    F::BusinessLicence,
    &[
        it(
            "agent-licence",
            "Insurance agent licence",
            "Leseni ya wakala wa bima",
            k(1_000),
            14,
            10_000,
            "insurance agent licence",
        ),
        it(
            "broker-licence",
            "Insurance broker licence",
            "Leseni ya dalali wa bima",
            k(10_000),
            30,
            300,
            "insurance broker",
        ),
        it(
            "insurance-complaint",
            "Complaint against an insurer",
            "Malalamiko dhidi ya kampuni ya bima",
            FREE,
            30,
            4_000,
            "insurance complaint claim rejected",
        )
        .form(F::Feedback),
    ],
)];

const KNBS: &[Group] = &[g(
    C::Other,
    F::Research,
    &[
        it("data-request", "Statistical data request", "Ombi la takwimu", FREE, 14, 3_000, "statistics data census"),
        it(
            "microdata",
            "Census and survey microdata access",
            "Upatikanaji wa data ndogo za sensa na tafiti",
            k(5_000),
            14,
            500,
            "microdata census survey",
        ),
    ],
)];

const MET: &[Group] = &[g(
    C::Environment,
    F::Research,
    &[
        it(
            "weather-data",
            "Historical weather and climate data",
            "Data za kihistoria za hali ya hewa",
            k(1_000),
            7,
            2_000,
            "weather data rainfall climate",
        ),
        it(
            "weather-certificate",
            "Weather certificate for insurance or courts",
            "Cheti cha hali ya hewa kwa bima au mahakama",
            k(2_000),
            7,
            500,
            "weather certificate",
        ),
    ],
)];

const ARCHIVES: &[Group] = &[g(
    C::Other,
    F::Research,
    &[
        it(
            "research-access",
            "Access to the national archives for research",
            "Kuingia hifadhi ya nyaraka za taifa kwa utafiti",
            k(500),
            1,
            1_500,
            "archives research access",
        ),
        it(
            "certified-copy",
            "Certified copy of an archival record",
            "Nakala iliyothibitishwa ya kumbukumbu ya kihistoria",
            k(500),
            7,
            800,
            "archives certified copy",
        ),
    ],
)];

const KDF: &[Group] = &[g(
    C::Labour,
    F::Generic,
    &[
        it(
            "recruitment",
            "KDF recruitment (general service officers, tradesmen and cadets)",
            "Kuajiriwa KDF (maafisa wa jumla, mafundi na makadeti)",
            FREE,
            60,
            80_000,
            "kdf recruitment army jobs cadet",
        ),
        it(
            "veterans-support",
            "Support for military veterans",
            "Msaada kwa maveterani wa kijeshi",
            FREE,
            30,
            1_000,
            "veterans",
        ),
    ],
)];

const NYS: &[Group] = &[g(
    C::Labour,
    F::Generic,
    &[
        it("recruitment", "NYS recruitment", "Kuajiriwa NYS", FREE, 60, 60_000, "nys recruitment youth service"),
        it(
            "engineering-institute-admission",
            "Admission to NYS training institutes",
            "Udahili wa vyuo vya mafunzo vya NYS",
            k(500),
            30,
            8_000,
            "nys college admission",
        )
        .cat(C::Education)
        .form(F::Admission),
    ],
)];

const PRISONS: &[Group] = &[g(
    C::Justice,
    F::Generic,
    &[
        it(
            "inmate-visit",
            "Booking a visit to an inmate",
            "Kuweka nafasi ya kumtembelea mfungwa",
            FREE,
            1,
            10_000,
            "prison visit inmate",
        ),
        it(
            "prison-products",
            "Purchase of prison industries products",
            "Kununua bidhaa za viwanda vya magereza",
            FREE,
            7,
            1_000,
            "prison furniture products",
        )
        .about(
            "Order and pay for furniture and other products made by Kenya Prisons industries; the price is quoted for each order and goods are collected from the prison workshop.",
            "Agiza na ulipie samani na bidhaa nyingine zinazotengenezwa na viwanda vya Magereza ya Kenya; bei hutolewa kwa kila agizo na bidhaa huchukuliwa katika karakana ya gereza.",
        )
        .form(F::Payment),
    ],
)];

// ---------------------------------------------------------------------------------------------
// Programmatic series
// ---------------------------------------------------------------------------------------------

/// One generated service.
struct Row {
    slug: String,
    en: String,
    sw: String,
    cat: Category,
    form: FormT,
    fees: FeeSchedule,
    days: u16,
    pop: u32,
    kw: String,
}

fn push(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, r: Row) {
    b.add(
        ctx,
        Svc {
            slug: r.slug,
            name: Localized::new(r.en, r.sw),
            category: r.cat,
            tpl: forms.get(r.form),
            fees: r.fees,
            days: r.days,
            keywords: r.kw,
            popularity: r.pop,
            summary: None,
            in_person: None,
        },
    );
}

/// Adds the series of services some agencies offer per park, museum, forest, route, registry,
/// constituency or class; nothing for the rest.
pub(super) fn generated(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx, code: &str) {
    match code {
        "kws" => parks(b, forms, ctx),
        "nmk" => museums(b, forms, ctx),
        "kfs" => forests(b, forms, ctx),
        "krc" => railways(b, forms, ctx),
        "ntsa" => ntsa_series(b, forms, ctx),
        "lands-department" => land_registries(b, forms, ctx),
        "ng-cdf" => constituencies(b, forms, ctx),
        "nca" => contractors(b, forms, ctx),
        _ => {}
    }
}

/// Park entry prices for citizens and residents (KES) and non-residents (USD).
struct Tier {
    kes: &'static [V],
    usd: &'static [V],
    /// Public campsite, per person per night, citizens and residents.
    camping: Option<&'static [V]>,
}

const fn kes_entry(citizen: i64, citizen_child: i64, resident: i64, resident_child: i64) -> [V; 4] {
    [
        ("citizen-adult", "Kenyan citizen – adult", "Raia wa Kenya – mtu mzima", citizen),
        ("citizen-child", "Kenyan citizen – child", "Raia wa Kenya – mtoto", citizen_child),
        ("resident-adult", "Resident – adult", "Mkazi – mtu mzima", resident),
        ("resident-child", "Resident – child", "Mkazi – mtoto", resident_child),
    ]
}

const fn usd_entry(adult: i64, child: i64) -> [V; 2] {
    [
        ("non-resident-adult", "Non-resident – adult", "Asiye mkazi – mtu mzima", adult),
        ("non-resident-child", "Non-resident – child", "Asiye mkazi – mtoto", child),
    ]
}

const CAMPING: &[V] = &[
    ("citizen-adult", "Kenyan citizen – adult", "Raia wa Kenya – mtu mzima", 300),
    ("citizen-child", "Kenyan citizen – child", "Raia wa Kenya – mtoto", 200),
    ("resident-adult", "Resident – adult", "Mkazi – mtu mzima", 500),
    ("resident-child", "Resident – child", "Mkazi – mtoto", 300),
];

const PREMIUM: Tier = Tier { kes: &kes_entry(860, 215, 1_030, 515), usd: &usd_entry(60, 35), camping: Some(CAMPING) };
const URBAN: Tier = Tier { kes: &kes_entry(430, 215, 860, 215), usd: &usd_entry(43, 22), camping: Some(CAMPING) };
const WILDERNESS: Tier =
    Tier { kes: &kes_entry(515, 215, 1_030, 515), usd: &usd_entry(52, 35), camping: Some(CAMPING) };
const MOUNTAIN: Tier = Tier { kes: &kes_entry(300, 150, 600, 300), usd: &usd_entry(52, 26), camping: Some(CAMPING) };
const MARINE: Tier = Tier { kes: &kes_entry(215, 125, 430, 215), usd: &usd_entry(17, 13), camping: None };
const SANCTUARY: Tier = Tier { kes: &kes_entry(215, 125, 430, 215), usd: &usd_entry(22, 13), camping: None };
const OTHER_PARK: Tier = Tier { kes: &kes_entry(300, 215, 600, 300), usd: &usd_entry(26, 17), camping: Some(CAMPING) };

/// KWS parks and reserves: slug, English, Kiswahili, tier, popularity.
const PARKS: &[(&str, &str, &str, &Tier, u32)] = &[
    ("nairobi", "Nairobi National Park", "Hifadhi ya Taifa ya Nairobi", &URBAN, 300_000),
    ("amboseli", "Amboseli National Park", "Hifadhi ya Taifa ya Amboseli", &PREMIUM, 150_000),
    ("lake-nakuru", "Lake Nakuru National Park", "Hifadhi ya Taifa ya Ziwa Nakuru", &PREMIUM, 150_000),
    ("tsavo-east", "Tsavo East National Park", "Hifadhi ya Taifa ya Tsavo Mashariki", &WILDERNESS, 100_000),
    ("tsavo-west", "Tsavo West National Park", "Hifadhi ya Taifa ya Tsavo Magharibi", &WILDERNESS, 80_000),
    ("meru", "Meru National Park", "Hifadhi ya Taifa ya Meru", &WILDERNESS, 20_000),
    ("chyulu-hills", "Chyulu Hills National Park", "Hifadhi ya Taifa ya Milima ya Chyulu", &WILDERNESS, 5_000),
    ("mount-kenya", "Mount Kenya National Park", "Hifadhi ya Taifa ya Mlima Kenya", &MOUNTAIN, 30_000),
    ("aberdare", "Aberdare National Park", "Hifadhi ya Taifa ya Aberdare", &MOUNTAIN, 20_000),
    ("mount-elgon", "Mount Elgon National Park", "Hifadhi ya Taifa ya Mlima Elgon", &OTHER_PARK, 5_000),
    ("hells-gate", "Hell's Gate National Park", "Hifadhi ya Taifa ya Hell's Gate", &OTHER_PARK, 80_000),
    ("mount-longonot", "Mount Longonot National Park", "Hifadhi ya Taifa ya Mlima Longonot", &OTHER_PARK, 40_000),
    ("ol-donyo-sabuk", "Ol Donyo Sabuk National Park", "Hifadhi ya Taifa ya Ol Donyo Sabuk", &OTHER_PARK, 15_000),
    ("saiwa-swamp", "Saiwa Swamp National Park", "Hifadhi ya Taifa ya Kinamasi cha Saiwa", &OTHER_PARK, 2_000),
    ("ruma", "Ruma National Park", "Hifadhi ya Taifa ya Ruma", &OTHER_PARK, 2_000),
    ("sibiloi", "Sibiloi National Park", "Hifadhi ya Taifa ya Sibiloi", &OTHER_PARK, 500),
    ("marsabit", "Marsabit National Park", "Hifadhi ya Taifa ya Marsabit", &OTHER_PARK, 800),
    ("kora", "Kora National Park", "Hifadhi ya Taifa ya Kora", &OTHER_PARK, 500),
    ("central-island", "Central Island National Park", "Hifadhi ya Taifa ya Kisiwa cha Kati", &OTHER_PARK, 300),
    ("ndere-island", "Ndere Island National Park", "Hifadhi ya Taifa ya Kisiwa cha Ndere", &OTHER_PARK, 500),
    ("shimba-hills", "Shimba Hills National Reserve", "Hifadhi ya Taifa ya Milima ya Shimba", &OTHER_PARK, 8_000),
    (
        "kakamega-forest",
        "Kakamega Forest National Reserve",
        "Hifadhi ya Taifa ya Msitu wa Kakamega",
        &OTHER_PARK,
        6_000,
    ),
    ("mwea", "Mwea National Reserve", "Hifadhi ya Taifa ya Mwea", &OTHER_PARK, 1_000),
    ("malindi-marine", "Malindi Marine National Park", "Hifadhi ya Taifa ya Bahari ya Malindi", &MARINE, 20_000),
    ("watamu-marine", "Watamu Marine National Park", "Hifadhi ya Taifa ya Bahari ya Watamu", &MARINE, 20_000),
    (
        "kisite-mpunguti",
        "Kisite-Mpunguti Marine National Park",
        "Hifadhi ya Taifa ya Bahari ya Kisite-Mpunguti",
        &MARINE,
        15_000,
    ),
    ("mombasa-marine", "Mombasa Marine National Park", "Hifadhi ya Taifa ya Bahari ya Mombasa", &MARINE, 15_000),
    ("kiunga-marine", "Kiunga Marine National Reserve", "Hifadhi ya Taifa ya Bahari ya Kiunga", &MARINE, 500),
    ("nairobi-safari-walk", "Nairobi Safari Walk", "Matembezi ya Safari ya Nairobi", &SANCTUARY, 60_000),
    (
        "nairobi-animal-orphanage",
        "Nairobi Animal Orphanage",
        "Kituo cha Wanyama Yatima cha Nairobi",
        &SANCTUARY,
        60_000,
    ),
    ("kisumu-impala", "Kisumu Impala Sanctuary", "Hifadhi ya Swala ya Kisumu", &SANCTUARY, 15_000),
];

fn parks(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx) {
    for &(s, en, sw, tier, pop) in PARKS {
        let kw = format!("park entry fee conservation fee game drive safari kws hifadhi {}", en.to_lowercase());
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("park-entry-{s}"),
                en: format!("{en} entry – citizens and residents"),
                sw: format!("Kiingilio cha {sw} – raia na wakazi"),
                cat: C::Tourism,
                form: F::ParkEntry,
                fees: schedule(Currency::Kes, tier.kes),
                days: 1,
                pop,
                kw: kw.clone(),
            },
        );
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("park-entry-{s}-non-resident"),
                en: format!("{en} entry – non-residents"),
                sw: format!("Kiingilio cha {sw} – wasio wakazi"),
                cat: C::Tourism,
                form: F::ParkEntry,
                fees: schedule(Currency::Usd, tier.usd),
                days: 1,
                pop: pop / 2,
                kw: format!("{kw} tourist foreigner"),
            },
        );
        if let Some(camping) = tier.camping {
            push(
                b,
                forms,
                ctx,
                Row {
                    slug: format!("camping-{s}"),
                    en: format!("Camping in {en} (per person per night)"),
                    sw: format!("Kupiga kambi katika {sw} (kwa mtu kwa usiku)"),
                    cat: C::Tourism,
                    form: F::ParkEntry,
                    fees: schedule(Currency::Kes, camping),
                    days: 1,
                    pop: pop / 20 + 1,
                    kw: format!("camping campsite tent {}", en.to_lowercase()),
                },
            );
        }
    }
}

const fn museum_fees(citizen: i64, resident: i64, non_resident: i64) -> [V; 6] {
    [
        ("citizen-adult", "Kenyan citizen – adult", "Raia wa Kenya – mtu mzima", citizen),
        ("citizen-child", "Kenyan citizen – child", "Raia wa Kenya – mtoto", citizen / 2),
        ("resident-adult", "Resident – adult", "Mkazi – mtu mzima", resident),
        ("resident-child", "Resident – child", "Mkazi – mtoto", resident / 2),
        ("non-resident-adult", "Non-resident – adult", "Asiye mkazi – mtu mzima", non_resident),
        ("non-resident-child", "Non-resident – child", "Asiye mkazi – mtoto", non_resident / 2),
    ]
}

const MUSEUM_MAJOR: &[V] = &museum_fees(200, 600, 1_200);
const MUSEUM_SITE: &[V] = &museum_fees(100, 300, 500);

/// National Museums of Kenya sites: slug, English, Kiswahili, fees, popularity.
const MUSEUMS: &[(&str, &str, &str, &[V], u32)] = &[
    ("nairobi-national-museum", "Nairobi National Museum", "Makumbusho ya Taifa ya Nairobi", MUSEUM_MAJOR, 60_000),
    ("fort-jesus", "Fort Jesus Museum", "Makumbusho ya Fort Jesus", MUSEUM_MAJOR, 60_000),
    ("karen-blixen", "Karen Blixen Museum", "Makumbusho ya Karen Blixen", MUSEUM_MAJOR, 20_000),
    ("snake-park", "Nairobi Snake Park", "Bustani ya Nyoka ya Nairobi", MUSEUM_SITE, 30_000),
    ("nairobi-gallery", "Nairobi Gallery", "Jumba la Sanaa la Nairobi", MUSEUM_SITE, 5_000),
    (
        "uhuru-gardens",
        "Uhuru Gardens Memorial Museum",
        "Makumbusho ya Kumbukumbu ya Bustani ya Uhuru",
        MUSEUM_SITE,
        15_000,
    ),
    ("gedi-ruins", "Gedi Ruins", "Magofu ya Gedi", MUSEUM_SITE, 15_000),
    ("jumba-la-mtwana", "Jumba la Mtwana Ruins", "Magofu ya Jumba la Mtwana", MUSEUM_SITE, 3_000),
    ("mnarani-ruins", "Mnarani Ruins", "Magofu ya Mnarani", MUSEUM_SITE, 1_500),
    ("lamu-museum", "Lamu Museum", "Makumbusho ya Lamu", MUSEUM_SITE, 5_000),
    ("lamu-fort", "Lamu Fort", "Ngome ya Lamu", MUSEUM_SITE, 4_000),
    ("swahili-house", "Swahili House Museum, Lamu", "Makumbusho ya Nyumba ya Kiswahili, Lamu", MUSEUM_SITE, 2_000),
    ("takwa-ruins", "Takwa Ruins", "Magofu ya Takwa", MUSEUM_SITE, 800),
    ("kisumu-museum", "Kisumu Museum", "Makumbusho ya Kisumu", MUSEUM_SITE, 8_000),
    ("kitale-museum", "Kitale Museum", "Makumbusho ya Kitale", MUSEUM_SITE, 5_000),
    ("kapenguria-museum", "Kapenguria Museum", "Makumbusho ya Kapenguria", MUSEUM_SITE, 2_000),
    ("kabarnet-museum", "Kabarnet Museum", "Makumbusho ya Kabarnet", MUSEUM_SITE, 1_500),
    ("meru-museum", "Meru Museum", "Makumbusho ya Meru", MUSEUM_SITE, 3_000),
    ("hyrax-hill", "Hyrax Hill Prehistoric Site", "Eneo la Kabla ya Historia la Hyrax Hill", MUSEUM_SITE, 3_000),
    ("olorgesailie", "Olorgesailie Prehistoric Site", "Eneo la Kabla ya Historia la Olorgesailie", MUSEUM_SITE, 2_000),
    ("kariandusi", "Kariandusi Prehistoric Site", "Eneo la Kabla ya Historia la Kariandusi", MUSEUM_SITE, 1_500),
    (
        "thimlich-ohinga",
        "Thimlich Ohinga Archaeological Site",
        "Eneo la Akiolojia la Thimlich Ohinga",
        MUSEUM_SITE,
        1_500,
    ),
    ("koobi-fora", "Koobi Fora Museum", "Makumbusho ya Koobi Fora", MUSEUM_SITE, 300),
];

fn museums(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx) {
    for &(s, en, sw, fees, pop) in MUSEUMS {
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("entry-{s}"),
                en: format!("Entry to {en}"),
                sw: format!("Kiingilio cha {sw}"),
                cat: C::Tourism,
                form: F::ParkEntry,
                fees: schedule(Currency::Kes, fees),
                days: 1,
                pop,
                kw: format!("museum entry ticket heritage site makumbusho {}", en.to_lowercase()),
            },
        );
    }
}

const FOREST_FEES: &[V] = &museum_fees(100, 200, 600);

/// Forests open to visitors: slug, English, Kiswahili, popularity.
const FORESTS: &[(&str, &str, &str, u32)] = &[
    ("karura", "Karura Forest", "Msitu wa Karura", 80_000),
    ("ngong-road", "Ngong Road Forest", "Msitu wa Barabara ya Ngong", 15_000),
    ("ngong-hills", "Ngong Hills Forest", "Msitu wa Milima ya Ngong", 20_000),
    ("kakamega", "Kakamega Forest (Isecheno)", "Msitu wa Kakamega (Isecheno)", 6_000),
    ("arabuko-sokoke", "Arabuko Sokoke Forest", "Msitu wa Arabuko Sokoke", 4_000),
    ("menengai", "Menengai Crater Forest", "Msitu wa Kasoko ya Menengai", 8_000),
    ("kereita", "Kereita Forest", "Msitu wa Kereita", 10_000),
    ("eburru", "Eburru Forest", "Msitu wa Eburru", 1_500),
    ("kaptagat", "Kaptagat Forest", "Msitu wa Kaptagat", 1_500),
];

fn forests(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx) {
    for &(s, en, sw, pop) in FORESTS {
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("entry-{s}"),
                en: format!("{en} entry"),
                sw: format!("Kiingilio cha {sw}"),
                cat: C::Tourism,
                form: F::ParkEntry,
                fees: schedule(Currency::Kes, FOREST_FEES),
                days: 1,
                pop,
                kw: format!("forest entry nature walk cycling picnic msitu {}", en.to_lowercase()),
            },
        );
    }
}

/// Madaraka Express stations with their distance from Nairobi in km.
const SGR: &[(&str, &str, i64)] = &[
    ("nairobi", "Nairobi Terminus", 0),
    ("athi-river", "Athi River", 28),
    ("emali", "Emali", 123),
    ("kibwezi", "Kibwezi", 190),
    ("mtito-andei", "Mtito Andei", 240),
    ("voi", "Voi", 323),
    ("miasenyi", "Miasenyi", 372),
    ("mariakani", "Mariakani", 435),
    ("mombasa", "Mombasa Terminus", 472),
];

/// Other passenger services: slug, English, Kiswahili, fare, popularity.
const OTHER_TRAINS: &[(&str, &str, &str, i64, u32)] = &[
    (
        "commuter-ruiru",
        "Nairobi commuter rail: Nairobi Central – Ruiru",
        "Treni ya abiria ya Nairobi: Nairobi Kati – Ruiru",
        80,
        20_000,
    ),
    (
        "commuter-kikuyu",
        "Nairobi commuter rail: Nairobi Central – Kikuyu",
        "Treni ya abiria ya Nairobi: Nairobi Kati – Kikuyu",
        80,
        15_000,
    ),
    (
        "commuter-syokimau",
        "Nairobi commuter rail: Nairobi Central – Syokimau",
        "Treni ya abiria ya Nairobi: Nairobi Kati – Syokimau",
        100,
        20_000,
    ),
    (
        "commuter-embakasi",
        "Nairobi commuter rail: Nairobi Central – Embakasi Village",
        "Treni ya abiria ya Nairobi: Nairobi Kati – Embakasi Village",
        60,
        25_000,
    ),
    (
        "commuter-limuru",
        "Nairobi commuter rail: Nairobi Central – Limuru",
        "Treni ya abiria ya Nairobi: Nairobi Kati – Limuru",
        100,
        5_000,
    ),
    ("safari-train-kisumu", "Nairobi – Kisumu safari train", "Treni ya safari ya Nairobi – Kisumu", 1_000, 8_000),
    (
        "sgr-naivasha",
        "Madaraka Express (SGR) ticket: Nairobi Terminus – Naivasha (Suswa)",
        "Tiketi ya Madaraka Express (SGR): Nairobi Terminus – Naivasha (Suswa)",
        500,
        10_000,
    ),
];

fn railways(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx) {
    for (i, &(from_s, from, from_km)) in SGR.iter().enumerate() {
        for &(to_s, to, to_km) in &SGR[i + 1..] {
            let km = to_km - from_km;
            // Economy is priced on distance (KSh 1,500 end to end); first class is three times it.
            let economy = (km * 1_500 / 472 / 10 * 10).max(200);
            let rows: [V; 2] = [
                ("economy", "Economy class", "Daraja la kawaida", economy),
                ("first-class", "First class", "Daraja la kwanza", economy * 3),
            ];
            let ends = u32::from(i == 0) + u32::from(to_s == "mombasa");
            push(
                b,
                forms,
                ctx,
                Row {
                    slug: format!("madaraka-express-{from_s}-{to_s}"),
                    en: format!("Madaraka Express (SGR) ticket: {from} – {to}"),
                    sw: format!("Tiketi ya Madaraka Express (SGR): {from} – {to}"),
                    cat: C::Transport,
                    form: F::Travel,
                    fees: schedule(Currency::Kes, &rows),
                    days: 1,
                    pop: [3_000, 30_000, 200_000][ends as usize],
                    kw: "sgr train ticket madaraka express railway booking treni".into(),
                },
            );
        }
    }
    for &(s, en, sw, fare, pop) in OTHER_TRAINS {
        push(
            b,
            forms,
            ctx,
            Row {
                slug: s.to_string(),
                en: en.to_string(),
                sw: sw.to_string(),
                cat: C::Transport,
                form: F::Travel,
                fees: schedule(Currency::Kes, &[("standard", "Single journey", "Safari moja", fare)]),
                days: 1,
                pop,
                kw: "train ticket railway commuter treni".into(),
            },
        );
    }
}

/// NTSA motor vehicle inspection centres: slug, name, popularity.
const INSPECTION_CENTRES: &[(&str, &str, u32)] = &[
    ("likoni-road", "Likoni Road, Nairobi", 20_000),
    ("nyayo-stadium", "Nyayo Stadium, Nairobi", 12_000),
    ("mombasa", "Mombasa (Changamwe)", 10_000),
    ("kisumu", "Kisumu", 8_000),
    ("nakuru", "Nakuru", 8_000),
    ("eldoret", "Eldoret", 7_000),
    ("thika", "Thika", 6_000),
    ("nyeri", "Nyeri", 5_000),
    ("machakos", "Machakos", 5_000),
    ("meru", "Meru", 4_000),
    ("embu", "Embu", 3_000),
    ("kakamega", "Kakamega", 3_000),
    ("kisii", "Kisii", 3_000),
    ("kitale", "Kitale", 2_500),
    ("kericho", "Kericho", 2_500),
    ("garissa", "Garissa", 1_500),
    ("malindi", "Malindi", 1_500),
    ("narok", "Narok", 1_500),
];

/// Driving licence classes: code, English, Kiswahili, popularity.
const DL_CLASSES: &[(&str, &str, &str, u32)] = &[
    ("a1", "moped", "moped", 5_000),
    ("a2", "light motorcycle", "pikipiki nyepesi", 20_000),
    ("a3", "motorcycle taxi, courier or three-wheeler", "bodaboda, pikipiki ya usafirishaji au bajaji", 60_000),
    ("b1", "light vehicle, automatic", "gari dogo la otomatiki", 40_000),
    ("b2", "light vehicle, manual", "gari dogo la gia za mkono", 50_000),
    ("b3", "professional light vehicle (taxi)", "gari dogo la kitaaluma (teksi)", 20_000),
    ("c1", "light truck", "lori jepesi", 15_000),
    ("c", "medium truck", "lori la kati", 12_000),
    ("ce", "heavy truck with trailer", "lori zito lenye tela", 8_000),
    ("d1", "van (PSV)", "gari dogo la abiria (PSV)", 15_000),
    ("d2", "minibus (PSV)", "basi dogo (PSV)", 10_000),
    ("d3", "bus (PSV)", "basi (PSV)", 6_000),
    ("e", "articulated and special vehicles", "magari yenye viungo na maalum", 2_000),
    ("f", "adapted vehicle for a driver with a disability", "gari lililorekebishwa kwa dereva mwenye ulemavu", 1_000),
    ("g", "construction and agricultural machinery", "mitambo ya ujenzi na kilimo", 3_000),
];

fn ntsa_series(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx) {
    for &(s, place, pop) in INSPECTION_CENTRES {
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("inspection-booking-{s}"),
                en: format!("Motor vehicle inspection booking – {place}"),
                sw: format!("Kuweka nafasi ya ukaguzi wa gari – {place}"),
                cat: C::Transport,
                form: F::VehicleInspection,
                fees: schedule(Currency::Kes, INSPECTION_FEES),
                days: 5,
                pop,
                kw: format!("inspection centre booking {}", place.to_lowercase()),
            },
        );
    }
    for &(class, en, sw, pop) in DL_CLASSES {
        let upper = class.to_uppercase();
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("driving-licence-class-{class}"),
                en: format!("Driving licence class {upper} – {en}"),
                sw: format!("Leseni ya udereva daraja {upper} – {sw}"),
                cat: C::Transport,
                form: F::DrivingLicence,
                fees: schedule(Currency::Kes, &[("standard", "Adding the class", "Kuongeza daraja", 1_050)]),
                days: 7,
                pop,
                kw: format!("driving license class category {class} endorsement"),
            },
        );
    }
}

fn land_registries(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx) {
    for county in COUNTIES {
        let name = county.name;
        let s = slug(name);
        let pop = county.pop_k * 3;
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("official-search-{s}"),
                en: format!("Official land search – {name} land registry"),
                sw: format!("Upekuzi rasmi wa ardhi – sajili ya ardhi ya {name}"),
                cat: C::Land,
                form: F::LandTransaction,
                fees: schedule(Currency::Kes, &[("standard", "Per title", "Kwa kila hati", 500)]),
                days: 1,
                pop,
                kw: format!("land search title search registry {}", name.to_lowercase()),
            },
        );
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("transfer-registration-{s}"),
                en: format!("Registration of a land transfer – {name} land registry"),
                sw: format!("Usajili wa uhamisho wa ardhi – sajili ya ardhi ya {name}"),
                cat: C::Land,
                form: F::LandTransaction,
                fees: schedule(Currency::Kes, &[("standard", "Per title", "Kwa kila hati", 500)]),
                days: 14,
                pop: pop / 3,
                kw: format!("land transfer registry {}", name.to_lowercase()),
            },
        );
        // Agricultural land transactions need the consent of the sub-county land control board.
        for sub in county.subcounties {
            push(
                b,
                forms,
                ctx,
                Row {
                    slug: format!("land-control-board-{s}-{}", slug(sub)),
                    en: format!("Land control board consent – {sub}, {name}"),
                    sw: format!("Idhini ya bodi ya udhibiti wa ardhi – {sub}, {name}"),
                    cat: C::Land,
                    form: F::LandTransaction,
                    fees: schedule(Currency::Kes, &[("standard", "Per transaction", "Kwa kila muamala", 1_000)]),
                    days: 30,
                    pop: county.pop_k / county.subcounties.len() as u32 + 1,
                    kw: format!("land control board lcb consent agricultural land sale {}", sub.to_lowercase()),
                },
            );
        }
    }
}

fn constituencies(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx) {
    for county in COUNTIES {
        let s = slug(county.name);
        let pop = county.pop_k * 5 / county.subcounties.len() as u32 + 1;
        for sub in county.subcounties {
            let sub_s = slug(sub);
            push(
                b,
                forms,
                ctx,
                Row {
                    slug: format!("bursary-{s}-{sub_s}"),
                    en: format!("NG-CDF bursary – {sub} constituency, {}", county.name),
                    sw: format!("Basari ya NG-CDF – eneo bunge la {sub}, {}", county.name),
                    cat: C::Education,
                    form: F::Bursary,
                    fees: schedule(Currency::Kes, &[("standard", "Standard", "Kawaida", 0)]),
                    days: 60,
                    pop,
                    kw: format!("cdf bursary school fees secondary university basari {}", sub.to_lowercase()),
                },
            );
            push(
                b,
                forms,
                ctx,
                Row {
                    slug: format!("project-proposal-{s}-{sub_s}"),
                    en: format!("NG-CDF community project proposal – {sub} constituency, {}", county.name),
                    sw: format!("Pendekezo la mradi wa jamii wa NG-CDF – eneo bunge la {sub}, {}", county.name),
                    cat: C::Other,
                    form: F::Generic,
                    fees: schedule(Currency::Kes, &[("standard", "Standard", "Kawaida", 0)]),
                    days: 90,
                    pop: pop / 10 + 1,
                    kw: format!("cdf project proposal classroom borehole {}", sub.to_lowercase()),
                },
            );
        }
    }
}

const NCA_CLASSES: &[V] = &[
    ("nca-1", "NCA 1 (unlimited)", "NCA 1 (bila kikomo)", 50_000),
    ("nca-2", "NCA 2 (up to KSh 500 million)", "NCA 2 (hadi KSh milioni 500)", 40_000),
    ("nca-3", "NCA 3 (up to KSh 300 million)", "NCA 3 (hadi KSh milioni 300)", 30_000),
    ("nca-4", "NCA 4 (up to KSh 200 million)", "NCA 4 (hadi KSh milioni 200)", 25_000),
    ("nca-5", "NCA 5 (up to KSh 100 million)", "NCA 5 (hadi KSh milioni 100)", 20_000),
    ("nca-6", "NCA 6 (up to KSh 50 million)", "NCA 6 (hadi KSh milioni 50)", 15_000),
    ("nca-7", "NCA 7 (up to KSh 20 million)", "NCA 7 (hadi KSh milioni 20)", 10_000),
    ("nca-8", "NCA 8 (up to KSh 10 million)", "NCA 8 (hadi KSh milioni 10)", 5_000),
];

/// NCA works categories: slug, English, Kiswahili, popularity.
const NCA_WORKS: &[(&str, &str, &str, u32)] = &[
    ("building", "building works", "kazi za majengo", 8_000),
    ("roads", "roads and other civil works", "barabara na kazi nyingine za uhandisi", 5_000),
    ("electrical", "electrical engineering works", "kazi za uhandisi wa umeme", 3_000),
    ("mechanical", "mechanical engineering works", "kazi za uhandisi wa mitambo", 1_500),
    ("water", "water works", "kazi za maji", 2_500),
    ("specialist", "specialist works", "kazi maalum", 1_500),
];

fn contractors(b: &mut Builder, forms: &Forms, ctx: &AgencyCtx) {
    for &(s, en, sw, pop) in NCA_WORKS {
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("contractor-registration-{s}"),
                en: format!("Contractor registration – {en}"),
                sw: format!("Usajili wa mkandarasi – {sw}"),
                cat: C::Business,
                form: F::BusinessLicence,
                fees: schedule(Currency::Kes, NCA_CLASSES),
                days: 30,
                pop,
                kw: format!("nca contractor registration category {s}"),
            },
        );
        push(
            b,
            forms,
            ctx,
            Row {
                slug: format!("contractor-renewal-{s}"),
                en: format!("Annual renewal of contractor registration – {en}"),
                sw: format!("Kuhuisha usajili wa mkandarasi kila mwaka – {sw}"),
                cat: C::Business,
                form: F::BusinessLicence,
                fees: schedule(Currency::Kes, NCA_CLASSES),
                days: 14,
                pop: pop * 2,
                kw: format!("nca contractor renewal practising licence {s}"),
            },
        );
    }
}
