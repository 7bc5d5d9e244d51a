//! The document shell, the route table and the page frame shared by every page.

use crate::accounts::pages::{
    AccountPage, ChangeContactPage, LoginPage, NewPasswordPage, PrivacyPage, ResetPage, SessionsPage,
    SignupContactPage, SignupPage, VerifyPage,
};
use crate::accounts::session::page_session;
use crate::accounts::texts::auth_texts;
use crate::applications::pages::{ApplicationPage, ApplyPage, MyApplicationsPage};
use crate::catalogue::islands::SearchBox;
use crate::catalogue::pages::{AgenciesPage, AgencyPage, HomePage, SearchPage, ServicePage};
use crate::hydration::IslandScripts;
use crate::i18n::Lang;
use crate::notifications::pages::MessagesPage;
use crate::offline::OfflinePage;
use crate::ssr::{provide_request_nonce, request_lang, request_path_and_query, set_status};
use crate::staff::agencies_page::AgenciesAdminPage;
use crate::staff::applications::{QueuePage, StaffApplicationPage};
use crate::staff::audit::AuditPage;
use crate::staff::fees_page::FeesPage;
use crate::staff::finance::FinancePage;
use crate::staff::offices_page::OfficesPage;
use crate::staff::performance_page::PerformancePage;
use crate::staff::reconciliation_page::ReconciliationPage;
use crate::staff::services_page::{DraftDocumentPage, DraftFieldPage, DraftPage, ServicesPage};
use crate::staff::team_page::TeamPage;
use crate::staff::{AssistPage, StaffPage};
use crate::status::pages::{IncidentsPage, StatusPage};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The HTML document around every page. Only the islands' wasm is loaded.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    provide_request_nonce();
    crate::offline::private_when_personal();
    let lang = request_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b6e4f" />
                <link rel="stylesheet" href=crate::ssr::asset("/pkg/mlango.css") />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png" />
                // The service worker (offline pages, drafts kept on the phone); not on low-data pages.
                {(!crate::ssr::low_data()).then(|| view! { <script src=crate::ssr::asset("/register-sw.js") defer=true></script> })}
                {(!crate::ssr::low_data()).then(|| view! { <IslandScripts options /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Routes of the citizen portal.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Routes fallback=|| view! { <Frame><NotFound /></Frame> }>
                <Route path=path!("/") view=|| view! { <Frame><HomePage /></Frame> } />
                <Route path=path!("/agencies") view=|| view! { <Frame><AgenciesPage /></Frame> } />
                <Route path=path!("/agencies/:code") view=|| view! { <Frame><AgencyPage /></Frame> } />
                <Route path=path!("/services/:code") view=|| view! { <Frame><ServicePage /></Frame> } />
                <Route path=path!("/search") view=|| view! { <Frame><SearchPage /></Frame> } />
                <Route path=path!("/signup") view=|| view! { <Frame><SignupPage /></Frame> } />
                <Route path=path!("/signup/contact") view=|| view! { <Frame><SignupContactPage /></Frame> } />
                <Route path=path!("/verify") view=|| view! { <Frame><VerifyPage /></Frame> } />
                <Route path=path!("/login") view=|| view! { <Frame><LoginPage /></Frame> } />
                <Route path=path!("/password/reset") view=|| view! { <Frame><ResetPage /></Frame> } />
                <Route path=path!("/password/new") view=|| view! { <Frame><NewPasswordPage /></Frame> } />
                // Pages that read the database wait for it before sending (no streaming
                // placeholders, which would need JavaScript to fill in).
                <Route path=path!("/account") view=|| view! { <Frame><AccountPage /></Frame> } />
                <Route path=path!("/account/sessions") ssr=SsrMode::Async view=|| view! { <Frame><SessionsPage /></Frame> } />
                <Route path=path!("/account/privacy") ssr=SsrMode::Async view=|| view! { <Frame><PrivacyPage /></Frame> } />
                <Route path=path!("/account/messages") ssr=SsrMode::Async view=|| view! { <Frame><MessagesPage /></Frame> } />
                <Route path=path!("/services/:code/apply") ssr=SsrMode::Async view=|| view! { <Frame><ApplyPage /></Frame> } />
                <Route path=path!("/applications") ssr=SsrMode::Async view=|| view! { <Frame><MyApplicationsPage /></Frame> } />
                <Route path=path!("/applications/:reference") ssr=SsrMode::Async view=|| view! { <Frame><ApplicationPage /></Frame> } />
                <Route path=path!("/account/contact") view=|| view! { <Frame><ChangeContactPage /></Frame> } />
                <Route path=path!("/staff") ssr=SsrMode::Async view=|| view! { <Frame><StaffPage /></Frame> } />
                <Route path=path!("/staff/applications") ssr=SsrMode::Async view=|| view! { <Frame><QueuePage /></Frame> } />
                <Route path=path!("/staff/applications/:reference") ssr=SsrMode::Async view=|| view! { <Frame><StaffApplicationPage /></Frame> } />
                <Route path=path!("/staff/finance") ssr=SsrMode::Async view=|| view! { <Frame><FinancePage /></Frame> } />
                <Route path=path!("/staff/audit") ssr=SsrMode::Async view=|| view! { <Frame><AuditPage /></Frame> } />
                <Route path=path!("/staff/fees") ssr=SsrMode::Async view=|| view! { <Frame><FeesPage /></Frame> } />
                <Route path=path!("/staff/offices") ssr=SsrMode::Async view=|| view! { <Frame><OfficesPage /></Frame> } />
                <Route path=path!("/staff/reconciliation") ssr=SsrMode::Async view=|| view! { <Frame><ReconciliationPage /></Frame> } />
                <Route path=path!("/staff/services") ssr=SsrMode::Async view=|| view! { <Frame><ServicesPage /></Frame> } />
                <Route path=path!("/staff/services/drafts/:id") ssr=SsrMode::Async view=|| view! { <Frame><DraftPage /></Frame> } />
                <Route path=path!("/staff/services/drafts/:id/field") ssr=SsrMode::Async view=|| view! { <Frame><DraftFieldPage /></Frame> } />
                <Route path=path!("/staff/services/drafts/:id/document") ssr=SsrMode::Async view=|| view! { <Frame><DraftDocumentPage /></Frame> } />
                <Route path=path!("/staff/team") ssr=SsrMode::Async view=|| view! { <Frame><TeamPage /></Frame> } />
                <Route path=path!("/staff/agencies") ssr=SsrMode::Async view=|| view! { <Frame><AgenciesAdminPage /></Frame> } />
                <Route path=path!("/staff/performance") ssr=SsrMode::Async view=|| view! { <Frame><PerformancePage /></Frame> } />
                <Route path=path!("/staff/assist") ssr=SsrMode::Async view=|| view! { <Frame><AssistPage /></Frame> } />
                <Route path=path!("/staff/incidents") ssr=SsrMode::Async view=|| view! { <Frame><IncidentsPage /></Frame> } />
                <Route path=path!("/status") ssr=SsrMode::Async view=|| view! { <Frame><StatusPage /></Frame> } />
                <Route path=path!("/offline") view=|| view! { <Frame><OfflinePage /></Frame> } />
            </Routes>
        </Router>
    }
}

/// Header, navigation, language switch and footer around a page's main content.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let lang = request_lang();
    let t = lang.t();
    let other = lang.other();
    let switch_href = with_lang_param(&request_path_and_query(), other);
    let data_switch = if crate::ssr::low_data() {
        view! { <a href=with_param(&request_path_and_query(), "data", "full")>{t.footer_full_data}</a> }
    } else {
        view! { <a href=with_param(&request_path_and_query(), "data", "low")>{t.footer_low_data}</a> }
    };
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"M"</span>
                    <span class="brand-text">
                        <span class="brand-name">"Mlango"</span>
                        <span class="brand-tagline">{t.tagline}</span>
                    </span>
                </a>
                <nav class="site-nav" aria-label=t.nav_label>
                    <a href="/">{t.nav_home}</a>
                    <a href="/agencies">{t.nav_agencies}</a>
                    <AccountLinks />
                    <a href=switch_href hreflang=other.tag() lang=other.tag() class="lang-switch">
                        <span class="visually-hidden">{t.language_switch_label}": "</span>
                        {other.t().language_name}
                    </a>
                </nav>
            </div>
        </header>
        <main id="main" class="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{t.footer_text}</p>
            <p><a href="/status">{t.footer_status}</a>" · "<a href="/v1/openapi.json">{t.footer_api}</a>" · "{data_switch}</p>
        </footer>
    }
}

/// Sign-in link for visitors; account link and sign-out button once signed in.
#[component]
fn AccountLinks() -> impl IntoView {
    let a = auth_texts(request_lang());
    match page_session().and_then(|s| s.signed_in().cloned()) {
        Some(account) => {
            let home = if account.role == crate::accounts::model::Role::Citizen { "/account" } else { "/staff" };
            let apps = (account.role == crate::accounts::model::Role::Citizen)
                .then(|| view! { <a href="/applications">{crate::applications::texts::app_texts(request_lang()).mine_heading}</a> });
            view! {
                {apps}
                <a href=home>{a.nav_account}</a>
                <form method="post" action="/api/auth/logout" class="inline-form">
                    <button type="submit" class="link-button">{a.nav_sign_out}</button>
                </form>
            }
            .into_any()
        }
        None => view! { <a href="/login">{a.nav_sign_in}</a> }.into_any(),
    }
}

/// The search form: a plain GET form, enhanced by the [`SearchBox`] island.
#[component]
pub fn SearchForm(#[prop(optional)] value: String, #[prop(optional)] big: bool) -> impl IntoView {
    let lang = request_lang();
    let t = lang.t();
    view! {
        <form class=if big { "search-form search-form-big" } else { "search-form" } action="/search" method="get" role="search">
            <label for="q" class="search-label">{t.search_label}</label>
            <p id="q-hint" class="hint">{t.search_hint}</p>
            <div class="search-row">
                <SearchBox lang=lang value=value />
                <button type="submit" class="button">{t.search_button}</button>
            </div>
        </form>
    }
}

/// A 404 page.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let t = request_lang().t();
    view! {
        <Title text=format!("{} – Mlango", t.not_found_heading) />
        <h1>{t.not_found_heading}</h1>
        <p>{t.not_found_text}</p>
        <SearchForm />
    }
}

/// Adds or replaces `lang=` in a path-and-query, for the language switch link.
pub fn with_lang_param(path_and_query: &str, lang: Lang) -> String {
    with_param(path_and_query, "lang", lang.tag())
}

/// The same page with `key=value` in its query (replacing any earlier value of `key`).
pub fn with_param(path_and_query: &str, key: &str, value: &str) -> String {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != key)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.push((key.into(), value.into()));
    let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    format!("{path}?{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_switch_keeps_the_query() {
        assert_eq!(with_lang_param("/search?q=pass+port&page=2", Lang::Sw), "/search?q=pass+port&page=2&lang=sw");
        assert_eq!(with_lang_param("/?lang=sw", Lang::En), "/?lang=en");
        assert_eq!(with_lang_param("/agencies", Lang::Sw), "/agencies?lang=sw");
    }
}
