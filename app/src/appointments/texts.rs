//! Words of the appointment pages, in English and Kiswahili.

use crate::applications::calendar::Date;
use crate::i18n::Lang;

/// Appointment texts in one language.
#[derive(Debug)]
pub struct AppointmentTexts {
    /// Section heading.
    pub heading: &'static str,
    /// Before the booked office and time.
    pub booked: &'static str,
    /// After booking or moving.
    pub booked_notice: &'static str,
    /// Cancel button.
    pub cancel: &'static str,
    /// Before paying.
    pub after_payment: &'static str,
    /// Office field label.
    pub office_label: &'static str,
    /// Button that lists an office's free times.
    pub show_times: &'static str,
    /// Heading over the free times when nothing is booked yet.
    pub choose_time: &'static str,
    /// Heading over the free times when a booking exists.
    pub choose_other_time: &'static str,
    /// Book button.
    pub book: &'static str,
    /// When no time is free in the days shown.
    pub none_free: &'static str,
    /// The agency has no office taking bookings.
    pub no_offices: &'static str,
    /// "3 places left".
    pub places_left: fn(i64) -> String,
    /// Weekday names, Monday first.
    pub weekdays: [&'static str; 7],
}

/// The texts for `lang`.
pub fn appointment_texts(lang: Lang) -> &'static AppointmentTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

static EN: AppointmentTexts = AppointmentTexts {
    heading: "Appointments",
    booked: "Booked",
    booked_notice: "Your appointment is booked. We have sent the details to your phone.",
    cancel: "Cancel this appointment",
    after_payment: "You can book this once your bill is paid.",
    office_label: "Office",
    show_times: "Show free times",
    choose_time: "Choose a time",
    choose_other_time: "Or move it to another time",
    book: "Book this time",
    none_free: "No free times at this office in the days shown. Try another office.",
    no_offices: "This agency is not taking bookings online yet.",
    places_left: |n| if n == 1 { "1 place left".into() } else { format!("{n} places left") },
    weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};

static SW: AppointmentTexts = AppointmentTexts {
    heading: "Miadi",
    booked: "Imepangwa",
    booked_notice: "Miadi yako imepangwa. Tumekutumia maelezo kwenye simu yako.",
    cancel: "Ghairi miadi hii",
    after_payment: "Utaweza kupanga miadi hii baada ya kulipa ankara yako.",
    office_label: "Ofisi",
    show_times: "Onyesha saa zilizo wazi",
    choose_time: "Chagua saa",
    choose_other_time: "Au ihamishe kwa saa nyingine",
    book: "Panga saa hii",
    none_free: "Hakuna saa zilizo wazi katika ofisi hii kwa siku zilizoonyeshwa. Jaribu ofisi nyingine.",
    no_offices: "Idara hii bado haipokei miadi mtandaoni.",
    places_left: |n| if n == 1 { "nafasi 1 imebaki".into() } else { format!("nafasi {n} zimebaki") },
    weekdays: ["Jumatatu", "Jumanne", "Jumatano", "Alhamisi", "Ijumaa", "Jumamosi", "Jumapili"],
};

/// `Monday 7 December 2026` / `Jumatatu 7/12/2026`.
pub fn day_label(lang: Lang, d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let weekday = appointment_texts(lang).weekdays[usize::from(d.weekday())];
    match lang {
        Lang::En => format!("{weekday} {} {} {}", d.day, MONTHS[usize::from(d.month - 1)], d.year),
        Lang::Sw => format!("{weekday} {}/{}/{}", d.day, d.month, d.year),
    }
}

/// `09:30`, East Africa Time.
pub fn clock_time(ts: i64) -> String {
    let secs = (ts + 3 * 3600).rem_euclid(86_400);
    format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_times_read_naturally_in_both_languages() {
        let d = Date::new(2026, 12, 7).unwrap();
        assert_eq!(day_label(Lang::En, d), "Monday 7 December 2026");
        assert_eq!(day_label(Lang::Sw, d), "Jumatatu 7/12/2026");
        assert_eq!(clock_time(crate::appointments::schedule::day_start(d) + 9 * 3600 + 1800), "09:30");
        assert_eq!((EN.places_left)(1), "1 place left");
        assert_eq!((SW.places_left)(3), "nafasi 3 zimebaki");
    }
}
