//! Mlango on a phone with no connection (issue 8): the offline page the service worker
//! (public/sw.js) shows for a page it has not kept, the place on the apply form and "My
//! applications" where public/drafts.js reports answers kept on the phone, and the mark that
//! keeps personal pages out of every cache.

use crate::i18n::Lang;
use crate::ssr::request_lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// The offline page's and the kept drafts' words in one language.
#[derive(Debug)]
pub struct OfflineTexts {
    /// Offline page heading.
    pub heading: &'static str,
    /// Why this page is shown.
    pub lead: &'static str,
    /// What still works.
    pub still_works: &'static str,
    /// What to do.
    pub try_again: &'static str,
    /// Link to the home page.
    pub home: &'static str,
    /// Answers kept on the phone because Mlango could not be reached.
    pub kept: &'static str,
    /// Mlango could not be reached and the phone could not keep the answers either.
    pub not_kept: &'static str,
    /// Answers kept on the phone were saved as a draft.
    pub sent: &'static str,
    /// Link to that draft.
    pub open: &'static str,
    /// Answers kept on the phone were refused (the application moved on, the service went).
    pub failed: &'static str,
    /// Link to "My applications".
    pub mine: &'static str,
}

/// The offline strings of a language.
pub fn offline_texts(lang: Lang) -> &'static OfflineTexts {
    match lang {
        Lang::En => &EN,
        Lang::Sw => &SW,
    }
}

/// English.
pub static EN: OfflineTexts = OfflineTexts {
    heading: "You are offline",
    lead: "This page is not saved on this phone, and Mlango cannot be reached just now.",
    still_works: "Pages you opened before, such as services and their fees, can still be read. Answers you save on an \
                  application form while offline are kept on this phone and sent when you are back online.",
    try_again: "Check your mobile data or Wi-Fi, then try again.",
    home: "Go to the home page",
    kept: "Mlango cannot be reached just now, so your answers are kept on this phone. They will be saved as a draft \
           when you are back online. Files you chose are not kept: choose them again then.",
    not_kept: "Mlango cannot be reached just now, and this phone could not keep your answers. Keep this page open and \
               press Save draft again when you are back online.",
    sent: "The answers kept on this phone have been saved as a draft.",
    open: "Open the draft",
    failed: "Some answers kept on this phone could not be saved as a draft.",
    mine: "See My applications",
};

/// Kiswahili.
pub static SW: OfflineTexts = OfflineTexts {
    heading: "Huna mtandao",
    lead: "Ukurasa huu haujahifadhiwa kwenye simu hii, na Mlango haupatikani kwa sasa.",
    still_works: "Kurasa ulizofungua awali, kama huduma na ada zake, bado zinaweza kusomwa. Majibu unayohifadhi \
                  kwenye fomu ya ombi ukiwa nje ya mtandao yanawekwa kwenye simu hii na kutumwa utakaporudi mtandaoni.",
    try_again: "Angalia data ya simu au Wi-Fi yako, kisha ujaribu tena.",
    home: "Nenda kwenye ukurasa wa mwanzo",
    kept: "Mlango haupatikani kwa sasa, kwa hiyo majibu yako yamewekwa kwenye simu hii. Yatahifadhiwa kama rasimu \
           utakaporudi mtandaoni. Faili ulizochagua hazijawekwa: zichague tena wakati huo.",
    not_kept: "Mlango haupatikani kwa sasa, na simu hii haikuweza kuweka majibu yako. Acha ukurasa huu wazi na \
               ubonyeze Hifadhi rasimu tena utakaporudi mtandaoni.",
    sent: "Majibu yaliyowekwa kwenye simu hii yamehifadhiwa kama rasimu.",
    open: "Fungua rasimu",
    failed: "Baadhi ya majibu yaliyowekwa kwenye simu hii hayakuweza kuhifadhiwa kama rasimu.",
    mine: "Tazama Maombi yangu",
};

/// `/offline`: what the service worker shows for a page it has not kept. It is kept once per
/// version, in the language of that moment, so it says everything in the other language too.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let lang = request_lang();
    let t = offline_texts(lang);
    let other = lang.other();
    let o = offline_texts(other);
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p class="lead">{t.lead}</p>
        <p>{t.still_works}</p>
        <p>{t.try_again}</p>
        <p><a class="button" href="/">{t.home}</a></p>
        <section class="offline-other" lang=other.tag() aria-labelledby="offline-other">
            <h2 id="offline-other">{o.heading}</h2>
            <p>{o.lead}</p>
            <p>{o.still_works}</p>
            <p>{o.try_again}</p>
            <p><a href=format!("/?lang={}", other.tag())>{o.home}</a></p>
        </section>
    }
}

/// Where public/drafts.js reports answers kept on this phone and their sending, with its words
/// and the account whose drafts this page may send, followed by the script itself.
#[component]
pub fn DraftStatus(
    /// The signed-in citizen: drafts kept for anyone else on this phone are left alone.
    owner: i64,
) -> impl IntoView {
    let t = offline_texts(request_lang());
    // Low-data pages carry no scripts: their forms post as they are.
    let script =
        (!crate::ssr::low_data()).then(|| view! { <script src=crate::ssr::asset("/drafts.js") defer=true></script> });
    view! {
        <div id="draft-status" class="draft-status" role="status" data-owner=owner.to_string() data-kept=t.kept
            data-not-kept=t.not_kept data-sent=t.sent data-open=t.open data-failed=t.failed data-mine=t.mine></div>
        {script}
    }
}

/// Marks a page rendered for someone with a session `Cache-Control: private`: no shared cache
/// may keep it, and neither may the service worker (public/sw.js), so a shared phone never
/// shows one person's page to the next offline. (Answers to `?lang=` and `?data=`, which set a
/// cookie, the worker leaves alone by their address.)
pub fn private_when_personal() {
    use axum::http::{HeaderValue, header::CACHE_CONTROL};
    if crate::accounts::session::page_session().is_some()
        && let Some(resp) = use_context::<leptos_axum::ResponseOptions>()
    {
        resp.insert_header(CACHE_CONTROL, HeaderValue::from_static("private"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_say_everything() {
        for t in [&EN, &SW] {
            for s in [
                t.heading,
                t.lead,
                t.still_works,
                t.try_again,
                t.home,
                t.kept,
                t.not_kept,
                t.sent,
                t.open,
                t.failed,
                t.mine,
            ] {
                assert!(!s.trim().is_empty() && !s.contains("  "), "{s:?}");
            }
        }
        assert_ne!(EN.kept, SW.kept);
    }
}
