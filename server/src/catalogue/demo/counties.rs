//! The 47 county governments: official numbers, towns, sub-counties (constituencies), main
//! public hospital, 2019 census population (thousands), a fee level and the produce they levy
//! cess on.

/// Ocean coast: fishing boats, beach operators.
pub(super) const COAST: u32 = 1;
/// Lake or large-dam fisheries.
pub(super) const LAKE: u32 = 1 << 1;
/// Pastoral: livestock markets, camels.
pub(super) const PASTORAL: u32 = 1 << 2;
/// A large town or city: MRI, dialysis, sewers, cremation, seasonal parking.
pub(super) const CITY: u32 = 1 << 3;
/// Sand harvesting and quarrying are a revenue line.
pub(super) const QUARRY: u32 = 1 << 4;
/// Significant tourism: tour boats, curio markets.
pub(super) const TOURISM: u32 = 1 << 5;

/// One county government.
pub(super) struct County {
    pub number: u8,
    pub name: &'static str,
    pub code: &'static str,
    pub web: &'static str,
    pub hq: &'static str,
    pub towns: &'static [&'static str],
    pub subcounties: &'static [&'static str],
    pub pop_k: u32,
    /// Fee level in percent of the base schedule.
    pub cost: i64,
    pub traits: u32,
    pub hospital: &'static str,
    /// Produce codes from `county_services::PRODUCE`.
    pub produce: &'static [&'static str],
}

impl County {
    /// Whether the county has any of the trait bits in `mask`.
    pub fn has(&self, mask: u32) -> bool {
        self.traits & mask != 0
    }
}

macro_rules! county {
    ($n:expr, $name:expr, $code:expr, $web:expr, $hq:expr, [$($t:expr),*], [$($s:expr),*], $pop:expr, $cost:expr, $traits:expr, $hosp:expr, [$($p:expr),*]) => {
        County {
            number: $n,
            name: $name,
            code: $code,
            web: $web,
            hq: $hq,
            towns: &[$($t),*],
            subcounties: &[$($s),*],
            pop_k: $pop,
            cost: $cost,
            traits: $traits,
            hospital: $hosp,
            produce: &[$($p),*],
        }
    };
}

/// All 47 counties in official order.
pub(super) const COUNTIES: &[County] = &[
    county!(
        1,
        "Mombasa",
        "mombasa-county",
        "https://www.mombasa.go.ke",
        "Mombasa",
        ["Mombasa CBD", "Nyali", "Bamburi", "Likoni", "Changamwe", "Mtwapa Road"],
        ["Changamwe", "Jomvu", "Kisauni", "Nyali", "Likoni", "Mvita"],
        1208,
        125,
        COAST | CITY | TOURISM | QUARRY,
        "Coast General Teaching and Referral Hospital",
        ["fish", "coconuts", "building-stones", "sand", "mangoes", "cashew-nuts"]
    ),
    county!(
        2,
        "Kwale",
        "kwale-county",
        "https://www.kwale.go.ke",
        "Kwale",
        ["Kwale", "Ukunda", "Diani", "Msambweni", "Lunga Lunga", "Kinango"],
        ["Msambweni", "Lunga Lunga", "Matuga", "Kinango"],
        866,
        95,
        COAST | TOURISM | QUARRY,
        "Msambweni County Referral Hospital",
        ["coconuts", "cashew-nuts", "mangoes", "fish", "cassava", "maize", "building-stones", "charcoal"]
    ),
    county!(
        3,
        "Kilifi",
        "kilifi-county",
        "https://www.kilifi.go.ke",
        "Kilifi",
        ["Kilifi", "Malindi", "Mtwapa", "Mariakani", "Watamu", "Kaloleni"],
        ["Kilifi North", "Kilifi South", "Kaloleni", "Rabai", "Ganze", "Malindi", "Magarini"],
        1453,
        100,
        COAST | TOURISM | QUARRY,
        "Kilifi County Referral Hospital",
        ["coconuts", "cashew-nuts", "mangoes", "fish", "cassava", "maize", "building-stones", "sand", "charcoal"]
    ),
    county!(
        4,
        "Tana River",
        "tana-river-county",
        "https://www.tanariver.go.ke",
        "Hola",
        ["Hola", "Garsen", "Bura", "Madogo"],
        ["Garsen", "Galole", "Bura"],
        316,
        75,
        PASTORAL | LAKE,
        "Hola County Referral Hospital",
        ["rice", "mangoes", "bananas", "hides-skins", "fish", "charcoal", "honey", "watermelons"]
    ),
    county!(
        5,
        "Lamu",
        "lamu-county",
        "https://www.lamu.go.ke",
        "Lamu",
        ["Lamu", "Mpeketoni", "Mokowe", "Faza"],
        ["Lamu East", "Lamu West"],
        144,
        85,
        COAST | TOURISM,
        "King Fahd County Referral Hospital",
        ["fish", "coconuts", "cashew-nuts", "mangoes", "simsim", "cotton", "building-stones"]
    ),
    county!(
        6,
        "Taita Taveta",
        "taita-taveta-county",
        "https://www.taitataveta.go.ke",
        "Mwatate",
        ["Voi", "Mwatate", "Wundanyi", "Taveta"],
        ["Taveta", "Wundanyi", "Mwatate", "Voi"],
        341,
        85,
        TOURISM | QUARRY | LAKE,
        "Moi County Referral Hospital, Voi",
        ["bananas", "tomatoes", "onions", "mangoes", "sisal", "building-stones", "sand", "maize"]
    ),
    county!(
        7,
        "Garissa",
        "garissa-county",
        "https://www.garissa.go.ke",
        "Garissa",
        ["Garissa", "Dadaab", "Masalani", "Modogashe"],
        ["Garissa Township", "Balambala", "Lagdera", "Dadaab", "Fafi", "Ijara"],
        841,
        80,
        PASTORAL,
        "Garissa County Referral Hospital",
        ["hides-skins", "watermelons", "mangoes", "bananas", "gum-arabic", "honey", "sand"]
    ),
    county!(
        8,
        "Wajir",
        "wajir-county",
        "https://www.wajir.go.ke",
        "Wajir",
        ["Wajir", "Habaswein", "Griftu", "Bute", "Eldas"],
        ["Wajir North", "Wajir East", "Tarbaj", "Wajir West", "Eldas", "Wajir South"],
        781,
        75,
        PASTORAL,
        "Wajir County Referral Hospital",
        ["hides-skins", "gum-arabic", "miraa", "sand", "charcoal"]
    ),
    county!(
        9,
        "Mandera",
        "mandera-county",
        "https://www.mandera.go.ke",
        "Mandera",
        ["Mandera", "El Wak", "Rhamu", "Takaba", "Banissa"],
        ["Mandera West", "Banissa", "Mandera North", "Mandera South", "Mandera East", "Lafey"],
        867,
        75,
        PASTORAL,
        "Mandera County Referral Hospital",
        ["hides-skins", "miraa", "gum-arabic", "watermelons", "sorghum", "sand"]
    ),
    county!(
        10,
        "Marsabit",
        "marsabit-county",
        "https://www.marsabit.go.ke",
        "Marsabit",
        ["Marsabit", "Moyale", "Laisamis", "North Horr", "Sololo"],
        ["Moyale", "North Horr", "Saku", "Laisamis"],
        459,
        75,
        PASTORAL | LAKE,
        "Marsabit County Referral Hospital",
        ["hides-skins", "miraa", "fish", "maize", "beans", "gum-arabic"]
    ),
    county!(
        11,
        "Isiolo",
        "isiolo-county",
        "https://www.isiolo.go.ke",
        "Isiolo",
        ["Isiolo", "Merti", "Garbatulla", "Kinna"],
        ["Isiolo North", "Isiolo South"],
        268,
        80,
        PASTORAL | TOURISM,
        "Isiolo County Referral Hospital",
        ["hides-skins", "miraa", "gum-arabic", "sand", "honey", "building-stones"]
    ),
    county!(
        12,
        "Meru",
        "meru-county",
        "https://www.meru.go.ke",
        "Meru",
        ["Meru", "Maua", "Nkubu", "Timau", "Laare", "Mitunguu"],
        [
            "Igembe South",
            "Igembe Central",
            "Igembe North",
            "Tigania West",
            "Tigania East",
            "North Imenti",
            "Buuri",
            "Central Imenti",
            "South Imenti"
        ],
        1546,
        100,
        QUARRY,
        "Meru Teaching and Referral Hospital",
        ["miraa", "tea", "coffee", "potatoes", "bananas", "maize", "beans", "milk", "avocados", "timber", "sand"]
    ),
    county!(
        13,
        "Tharaka-Nithi",
        "tharaka-nithi-county",
        "https://www.tharakanithi.go.ke",
        "Kathwana",
        ["Chuka", "Kathwana", "Chogoria", "Marimanti"],
        ["Maara", "Chuka/Igambang'ombe", "Tharaka"],
        393,
        80,
        QUARRY,
        "Chuka County Referral Hospital",
        ["tea", "coffee", "miraa", "green-grams", "sorghum", "bananas", "macadamia", "sand"]
    ),
    county!(
        14,
        "Embu",
        "embu-county",
        "https://www.embu.go.ke",
        "Embu",
        ["Embu", "Runyenjes", "Siakago", "Kiritiri", "Ishiara"],
        ["Manyatta", "Runyenjes", "Mbeere South", "Mbeere North"],
        609,
        95,
        QUARRY | LAKE,
        "Embu Level 5 Hospital",
        ["tea", "coffee", "miraa", "macadamia", "green-grams", "bananas", "milk", "sand", "building-stones"]
    ),
    county!(
        15,
        "Kitui",
        "kitui-county",
        "https://www.kitui.go.ke",
        "Kitui",
        ["Kitui", "Mwingi", "Mutomo", "Kabati", "Kwa Vonza"],
        [
            "Mwingi North",
            "Mwingi West",
            "Mwingi Central",
            "Kitui West",
            "Kitui Rural",
            "Kitui Central",
            "Kitui East",
            "Kitui South"
        ],
        1136,
        85,
        QUARRY | PASTORAL,
        "Kitui County Referral Hospital",
        ["green-grams", "sorghum", "mangoes", "sand", "charcoal", "hides-skins", "honey", "cotton"]
    ),
    county!(
        16,
        "Machakos",
        "machakos-county",
        "https://www.machakos.go.ke",
        "Machakos",
        ["Machakos", "Athi River", "Mlolongo", "Syokimau", "Kangundo", "Tala", "Masii"],
        ["Masinga", "Yatta", "Kangundo", "Matungulu", "Kathiani", "Mavoko", "Machakos Town", "Mwala"],
        1422,
        105,
        QUARRY | CITY,
        "Machakos Level 5 Hospital",
        ["sand", "ballast", "building-stones", "mangoes", "maize", "beans", "green-grams", "fruits-vegetables"]
    ),
    county!(
        17,
        "Makueni",
        "makueni-county",
        "https://www.makueni.go.ke",
        "Wote",
        ["Wote", "Emali", "Mtito Andei", "Kibwezi", "Makindu", "Sultan Hamud"],
        ["Mbooni", "Kilome", "Kaiti", "Makueni", "Kibwezi West", "Kibwezi East"],
        988,
        85,
        QUARRY,
        "Makueni County Referral Hospital",
        ["mangoes", "green-grams", "sand", "oranges", "maize", "beans", "charcoal"]
    ),
    county!(
        18,
        "Nyandarua",
        "nyandarua-county",
        "https://www.nyandarua.go.ke",
        "Ol Kalou",
        ["Ol Kalou", "Engineer", "Njabini", "Ndaragwa", "Ol Joro Orok"],
        ["Kinangop", "Kipipiri", "Ol Kalou", "Ol Joro Orok", "Ndaragwa"],
        638,
        85,
        0,
        "J.M. Kariuki Memorial Hospital",
        ["potatoes", "cabbages", "carrots", "milk", "peas", "timber", "pyrethrum"]
    ),
    county!(
        19,
        "Nyeri",
        "nyeri-county",
        "https://www.nyeri.go.ke",
        "Nyeri",
        ["Nyeri", "Karatina", "Othaya", "Naro Moru", "Mukurweini", "Chaka"],
        ["Tetu", "Kieni", "Mathira", "Othaya", "Mukurweini", "Nyeri Town"],
        759,
        100,
        TOURISM,
        "Nyeri County Referral Hospital",
        ["tea", "coffee", "potatoes", "cabbages", "milk", "avocados", "timber", "macadamia"]
    ),
    county!(
        20,
        "Kirinyaga",
        "kirinyaga-county",
        "https://www.kirinyaga.go.ke",
        "Kerugoya",
        ["Kerugoya", "Kutus", "Sagana", "Wang'uru", "Kagio", "Kianyaga"],
        ["Mwea", "Gichugu", "Ndia", "Kirinyaga Central"],
        610,
        95,
        QUARRY,
        "Kerugoya County Referral Hospital",
        ["rice", "tea", "coffee", "tomatoes", "french-beans", "bananas", "sand", "milk"]
    ),
    county!(
        21,
        "Murang'a",
        "muranga-county",
        "https://www.muranga.go.ke",
        "Murang'a",
        ["Murang'a", "Kenol", "Kangema", "Maragua", "Kandara", "Kiriaini"],
        ["Kangema", "Mathioya", "Kiharu", "Kigumo", "Maragwa", "Kandara", "Gatanga"],
        1056,
        95,
        QUARRY,
        "Murang'a County Referral Hospital",
        ["tea", "coffee", "avocados", "mangoes", "macadamia", "bananas", "milk", "sand"]
    ),
    county!(
        22,
        "Kiambu",
        "kiambu-county",
        "https://www.kiambu.go.ke",
        "Kiambu",
        ["Kiambu", "Thika", "Ruiru", "Juja", "Kikuyu", "Limuru", "Githunguri", "Gatundu"],
        [
            "Gatundu South",
            "Gatundu North",
            "Juja",
            "Thika Town",
            "Ruiru",
            "Githunguri",
            "Kiambu",
            "Kiambaa",
            "Kabete",
            "Kikuyu",
            "Limuru",
            "Lari"
        ],
        2418,
        115,
        CITY | QUARRY,
        "Thika Level 5 Hospital",
        [
            "tea",
            "coffee",
            "milk",
            "pineapples",
            "potatoes",
            "cabbages",
            "cut-flowers",
            "building-stones",
            "ballast",
            "sand"
        ]
    ),
    county!(
        23,
        "Turkana",
        "turkana-county",
        "https://www.turkana.go.ke",
        "Lodwar",
        ["Lodwar", "Kakuma", "Lokichoggio", "Lokichar", "Kalokol", "Lokitaung"],
        ["Turkana North", "Turkana West", "Turkana Central", "Loima", "Turkana South", "Turkana East"],
        927,
        75,
        PASTORAL | LAKE,
        "Lodwar County Referral Hospital",
        ["fish", "hides-skins", "gum-arabic", "charcoal", "sand", "honey"]
    ),
    county!(
        24,
        "West Pokot",
        "west-pokot-county",
        "https://www.westpokot.go.ke",
        "Kapenguria",
        ["Kapenguria", "Makutano", "Chepareria", "Sigor", "Kacheliba", "Ortum"],
        ["Kapenguria", "Sigor", "Kacheliba", "Pokot South"],
        621,
        75,
        PASTORAL,
        "Kapenguria County Referral Hospital",
        ["maize", "beans", "mangoes", "hides-skins", "honey", "potatoes", "sand"]
    ),
    county!(
        25,
        "Samburu",
        "samburu-county",
        "https://www.samburu.go.ke",
        "Maralal",
        ["Maralal", "Baragoi", "Wamba", "Archers Post"],
        ["Samburu West", "Samburu North", "Samburu East"],
        310,
        75,
        PASTORAL | TOURISM,
        "Samburu County Referral Hospital",
        ["hides-skins", "honey", "gum-arabic", "sand", "maize", "charcoal"]
    ),
    county!(
        26,
        "Trans Nzoia",
        "trans-nzoia-county",
        "https://www.transnzoia.go.ke",
        "Kitale",
        ["Kitale", "Endebess", "Kiminini", "Kachibora", "Saboti"],
        ["Kwanza", "Endebess", "Saboti", "Kiminini", "Cherangany"],
        991,
        90,
        0,
        "Kitale County Referral Hospital",
        ["maize", "beans", "wheat", "milk", "sunflower", "coffee", "avocados", "timber"]
    ),
    county!(
        27,
        "Uasin Gishu",
        "uasin-gishu-county",
        "https://www.uasingishu.go.ke",
        "Eldoret",
        ["Eldoret", "Burnt Forest", "Turbo", "Ziwa", "Kesses", "Moi's Bridge"],
        ["Soy", "Turbo", "Moiben", "Ainabkoi", "Kapseret", "Kesses"],
        1163,
        110,
        CITY | QUARRY,
        "Huruma Sub-County Hospital, Eldoret",
        ["maize", "wheat", "milk", "potatoes", "beans", "barley", "timber", "building-stones"]
    ),
    county!(
        28,
        "Elgeyo-Marakwet",
        "elgeyo-marakwet-county",
        "https://www.elgeyomarakwet.go.ke",
        "Iten",
        ["Iten", "Kapsowar", "Chepkorio", "Tambach", "Kamwosor", "Chesoi"],
        ["Marakwet East", "Marakwet West", "Keiyo North", "Keiyo South"],
        454,
        80,
        QUARRY,
        "Iten County Referral Hospital",
        ["maize", "potatoes", "milk", "mangoes", "honey", "fluorspar", "timber"]
    ),
    county!(
        29,
        "Nandi",
        "nandi-county",
        "https://www.nandi.go.ke",
        "Kapsabet",
        ["Kapsabet", "Nandi Hills", "Mosoriot", "Kabiyet", "Kobujoi"],
        ["Tinderet", "Aldai", "Nandi Hills", "Chesumei", "Emgwen", "Mosop"],
        886,
        90,
        0,
        "Kapsabet County Referral Hospital",
        ["tea", "maize", "milk", "sugarcane", "coffee", "beans", "timber"]
    ),
    county!(
        30,
        "Baringo",
        "baringo-county",
        "https://www.baringo.go.ke",
        "Kabarnet",
        ["Kabarnet", "Eldama Ravine", "Marigat", "Mogotio", "Chemolingot", "Kabartonjo"],
        ["Tiaty", "Baringo North", "Baringo Central", "Baringo South", "Mogotio", "Eldama Ravine"],
        667,
        85,
        PASTORAL | TOURISM | LAKE,
        "Baringo County Referral Hospital",
        ["honey", "hides-skins", "fish", "maize", "milk", "gum-arabic", "charcoal"]
    ),
    county!(
        31,
        "Laikipia",
        "laikipia-county",
        "https://www.laikipia.go.ke",
        "Rumuruti",
        ["Nanyuki", "Nyahururu", "Rumuruti", "Doldol", "Kinamba"],
        ["Laikipia West", "Laikipia East", "Laikipia North"],
        519,
        100,
        PASTORAL | TOURISM,
        "Nanyuki Teaching and Referral Hospital",
        ["wheat", "potatoes", "milk", "hides-skins", "cut-flowers", "sand", "charcoal"]
    ),
    county!(
        32,
        "Nakuru",
        "nakuru-county",
        "https://www.nakuru.go.ke",
        "Nakuru",
        ["Nakuru", "Naivasha", "Gilgil", "Molo", "Njoro", "Subukia", "Mai Mahiu"],
        [
            "Molo",
            "Njoro",
            "Naivasha",
            "Gilgil",
            "Kuresoi South",
            "Kuresoi North",
            "Subukia",
            "Rongai",
            "Bahati",
            "Nakuru Town West",
            "Nakuru Town East"
        ],
        2162,
        115,
        CITY | TOURISM | LAKE | QUARRY,
        "Nakuru County Referral and Teaching Hospital",
        [
            "potatoes",
            "maize",
            "wheat",
            "milk",
            "cut-flowers",
            "cabbages",
            "carrots",
            "sand",
            "ballast",
            "timber",
            "fish"
        ]
    ),
    county!(
        33,
        "Narok",
        "narok-county",
        "https://www.narok.go.ke",
        "Narok",
        ["Narok", "Kilgoris", "Ololulung'a", "Nairagie Ngare", "Suswa"],
        ["Kilgoris", "Emurua Dikirr", "Narok North", "Narok East", "Narok South", "Narok West"],
        1158,
        100,
        PASTORAL | TOURISM,
        "Narok County Referral Hospital",
        ["wheat", "barley", "maize", "potatoes", "hides-skins", "sand", "timber"]
    ),
    county!(
        34,
        "Kajiado",
        "kajiado-county",
        "https://www.kajiado.go.ke",
        "Kajiado",
        ["Kajiado", "Kitengela", "Ngong", "Ongata Rongai", "Kiserian", "Isinya", "Namanga", "Loitokitok"],
        ["Kajiado North", "Kajiado Central", "Kajiado East", "Kajiado West", "Kajiado South"],
        1118,
        110,
        PASTORAL | TOURISM | QUARRY | CITY,
        "Kajiado County Referral Hospital",
        ["sand", "ballast", "building-stones", "hides-skins", "tomatoes", "onions", "gypsum"]
    ),
    county!(
        35,
        "Kericho",
        "kericho-county",
        "https://www.kericho.go.ke",
        "Kericho",
        ["Kericho", "Litein", "Londiani", "Kipkelion", "Sosiot", "Kapsoit"],
        ["Kipkelion East", "Kipkelion West", "Ainamoi", "Bureti", "Belgut", "Sigowet/Soin"],
        902,
        95,
        0,
        "Kericho County Referral Hospital",
        ["tea", "maize", "milk", "potatoes", "sugarcane", "avocados", "timber"]
    ),
    county!(
        36,
        "Bomet",
        "bomet-county",
        "https://www.bomet.go.ke",
        "Bomet",
        ["Bomet", "Sotik", "Mulot", "Longisa", "Ndanai", "Silibwet"],
        ["Sotik", "Chepalungu", "Bomet East", "Bomet Central", "Konoin"],
        876,
        85,
        0,
        "Longisa County Referral Hospital",
        ["tea", "maize", "milk", "beans", "potatoes", "hides-skins"]
    ),
    county!(
        37,
        "Kakamega",
        "kakamega-county",
        "https://www.kakamega.go.ke",
        "Kakamega",
        ["Kakamega", "Mumias", "Malava", "Butere", "Lumakanda", "Shianda"],
        [
            "Lugari",
            "Likuyani",
            "Malava",
            "Lurambi",
            "Navakholo",
            "Mumias West",
            "Mumias East",
            "Matungu",
            "Butere",
            "Khwisero",
            "Shinyalu",
            "Ikolomani"
        ],
        1868,
        95,
        QUARRY,
        "Kakamega County General Teaching and Referral Hospital",
        ["sugarcane", "maize", "beans", "tea", "bananas", "sand", "building-stones", "milk"]
    ),
    county!(
        38,
        "Vihiga",
        "vihiga-county",
        "https://www.vihiga.go.ke",
        "Mbale",
        ["Mbale", "Majengo", "Luanda", "Chavakali", "Hamisi", "Serem"],
        ["Vihiga", "Sabatia", "Hamisi", "Luanda", "Emuhaya"],
        591,
        85,
        QUARRY,
        "Vihiga County Referral Hospital",
        ["tea", "maize", "beans", "bananas", "building-stones", "indigenous-vegetables"]
    ),
    county!(
        39,
        "Bungoma",
        "bungoma-county",
        "https://www.bungoma.go.ke",
        "Bungoma",
        ["Bungoma", "Webuye", "Kimilili", "Chwele", "Sirisia", "Kapsokwony"],
        ["Mt. Elgon", "Sirisia", "Kabuchai", "Bumula", "Kanduyi", "Webuye East", "Webuye West", "Kimilili", "Tongaren"],
        1671,
        90,
        QUARRY,
        "Bungoma County Referral Hospital",
        ["maize", "sugarcane", "beans", "coffee", "bananas", "milk", "sand", "tobacco"]
    ),
    county!(
        40,
        "Busia",
        "busia-county",
        "https://www.busia.go.ke",
        "Busia",
        ["Busia", "Malaba", "Port Victoria", "Nambale", "Funyula", "Bumala"],
        ["Teso North", "Teso South", "Nambale", "Matayos", "Butula", "Funyula", "Budalangi"],
        894,
        90,
        LAKE,
        "Busia County Referral Hospital",
        ["fish", "omena", "cassava", "sorghum", "maize", "sugarcane", "groundnuts", "rice"]
    ),
    county!(
        41,
        "Siaya",
        "siaya-county",
        "https://www.siaya.go.ke",
        "Siaya",
        ["Siaya", "Bondo", "Ugunja", "Yala", "Usenge", "Sega"],
        ["Ugenya", "Ugunja", "Alego Usonga", "Gem", "Bondo", "Rarieda"],
        993,
        85,
        LAKE,
        "Siaya County Referral Hospital",
        ["fish", "omena", "maize", "sorghum", "cassava", "rice", "sand", "cotton"]
    ),
    county!(
        42,
        "Kisumu",
        "kisumu-county",
        "https://www.kisumu.go.ke",
        "Kisumu",
        ["Kisumu CBD", "Ahero", "Maseno", "Muhoroni", "Kombewa", "Katito"],
        ["Kisumu East", "Kisumu West", "Kisumu Central", "Seme", "Nyando", "Muhoroni", "Nyakach"],
        1155,
        110,
        LAKE | CITY | TOURISM | QUARRY,
        "Jaramogi Oginga Odinga Teaching and Referral Hospital",
        ["fish", "omena", "rice", "sugarcane", "sorghum", "maize", "sand", "building-stones"]
    ),
    county!(
        43,
        "Homa Bay",
        "homa-bay-county",
        "https://www.homabay.go.ke",
        "Homa Bay",
        ["Homa Bay", "Mbita", "Oyugis", "Kendu Bay", "Ndhiwa", "Rangwe", "Sindo"],
        ["Kasipul", "Kabondo Kasipul", "Karachuonyo", "Rangwe", "Homa Bay Town", "Ndhiwa", "Suba North", "Suba South"],
        1131,
        85,
        LAKE | TOURISM,
        "Homa Bay County Teaching and Referral Hospital",
        ["fish", "omena", "maize", "sorghum", "sugarcane", "cotton", "sand"]
    ),
    county!(
        44,
        "Migori",
        "migori-county",
        "https://www.migori.go.ke",
        "Migori",
        ["Migori", "Awendo", "Rongo", "Isebania", "Kehancha", "Muhuru Bay"],
        ["Rongo", "Awendo", "Suna East", "Suna West", "Uriri", "Nyatike", "Kuria West", "Kuria East"],
        1116,
        90,
        LAKE | QUARRY,
        "Migori County Referral Hospital",
        ["sugarcane", "tobacco", "maize", "fish", "omena", "gold", "sand", "bananas"]
    ),
    county!(
        45,
        "Kisii",
        "kisii-county",
        "https://www.kisii.go.ke",
        "Kisii",
        ["Kisii", "Ogembo", "Suneka", "Keroka", "Nyamache", "Marani"],
        [
            "Bonchari",
            "South Mugirango",
            "Bomachoge Borabu",
            "Bobasi",
            "Bomachoge Chache",
            "Nyaribari Masaba",
            "Nyaribari Chache",
            "Kitutu Chache North",
            "Kitutu Chache South"
        ],
        1266,
        95,
        QUARRY,
        "Kisii Teaching and Referral Hospital",
        ["bananas", "tea", "avocados", "maize", "soapstone", "milk", "sand"]
    ),
    county!(
        46,
        "Nyamira",
        "nyamira-county",
        "https://www.nyamira.go.ke",
        "Nyamira",
        ["Nyamira", "Nyansiongo", "Ekerenyo", "Magwagwa", "Manga"],
        ["Kitutu Masaba", "West Mugirango", "North Mugirango", "Borabu"],
        605,
        85,
        0,
        "Nyamira County Referral Hospital",
        ["tea", "bananas", "maize", "avocados", "milk", "potatoes"]
    ),
    county!(
        47,
        "Nairobi",
        "nairobi-city-county",
        "https://nairobi.go.ke",
        "Nairobi",
        ["Nairobi CBD", "Westlands", "Upper Hill", "Kilimani", "Eastleigh", "Industrial Area", "Ngara", "Karen"],
        [
            "Westlands",
            "Dagoretti North",
            "Dagoretti South",
            "Lang'ata",
            "Kibra",
            "Roysambu",
            "Kasarani",
            "Ruaraka",
            "Embakasi South",
            "Embakasi North",
            "Embakasi Central",
            "Embakasi East",
            "Embakasi West",
            "Makadara",
            "Kamukunji",
            "Starehe",
            "Mathare"
        ],
        4397,
        140,
        CITY | TOURISM,
        "Mama Lucy Kibaki Hospital",
        ["fruits-vegetables", "milk", "building-stones", "sand", "ballast"]
    ),
];

impl County {
    /// English agency name, e.g. "Mombasa County"; Nairobi is officially "Nairobi City County".
    pub fn name_en(&self) -> String {
        if self.number == 47 { "Nairobi City County".into() } else { format!("{} County", self.name) }
    }

    /// Kiswahili agency name.
    pub fn name_sw(&self) -> String {
        if self.number == 47 { "Kaunti ya Jiji la Nairobi".into() } else { format!("Kaunti ya {}", self.name) }
    }

    /// "the County Government of Mombasa", for summaries.
    pub fn ref_en(&self) -> String {
        if self.number == 47 {
            "the Nairobi City County Government".into()
        } else {
            format!("the County Government of {}", self.name)
        }
    }

    /// "Serikali ya Kaunti ya Mombasa", for summaries.
    pub fn ref_sw(&self) -> String {
        format!("Serikali ya {}", self.name_sw())
    }
}
