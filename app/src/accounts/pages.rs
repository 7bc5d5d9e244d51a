//! Account pages: plain server-rendered HTML forms that post to the server functions in
//! [`super::api`] and work without JavaScript.

use super::model::AccountType;
use super::ports::Stage;
use super::service::{Pending, purpose_of};
use super::session::{page_account, page_session};
use super::texts::auth_texts;
use crate::error::AppError;
use crate::ssr::{query_param, request_lang, set_status, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// `23 Nov 2026, 14:05` in East Africa Time (UTC+3, no daylight saving).
pub fn eat(ts: i64) -> String {
    let t = ts + 3 * 3600;
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!("{d} {} {y}, {:02}:{:02}", MONTHS[(m - 1) as usize], secs / 3600, secs % 3600 / 60)
}

/// The error a server function sent back with the browser (`__err`), if it came from `endpoint`.
/// Only our own error enum is decoded, so a crafted link cannot put arbitrary text on the page.
pub fn returned_error(endpoint: &str) -> Option<AppError> {
    use base64::Engine;
    let path = query_param("__path")?;
    if path.trim_start_matches('/') != endpoint.trim_start_matches('/') {
        return None;
    }
    let raw = base64::engine::general_purpose::URL_SAFE.decode(query_param("__err")?).ok()?;
    serde_json::from_slice::<AppError>(&raw).ok()
}

/// The error box at the top of a form, if the last post to one of `endpoints` failed.
#[component]
pub fn FormError(endpoints: &'static [&'static str]) -> impl IntoView {
    let t = auth_texts(request_lang());
    let error = endpoints.iter().find_map(|e| returned_error(e));
    error.map(|e| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1" id="form-error">
                <h2>{t.error_summary}</h2>
                <p>{(t.error)(&e)}</p>
            </div>
        }
    })
}

/// A one-line notice (after signing out, resetting, resending).
#[component]
fn Notice(text: String) -> impl IntoView {
    view! { <div class="notice" role="status"><p>{text}</p></div> }
}

/// A labelled text input with its hint.
#[component]
fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] inputmode: &'static str,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let described = (!hint.is_empty()).then(|| hint_id.clone());
    view! {
        <div class="field">
            <label for=name>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=name
                name=name
                type=kind
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                aria-describedby=described
                required=required
                spellcheck="false"
            />
        </div>
    }
}

/// `/signup`: who you are.
#[component]
pub fn SignupPage() -> impl IntoView {
    let t = auth_texts(request_lang());
    let types = AccountType::ALL
        .into_iter()
        .enumerate()
        .map(|(i, ty)| {
            let id = format!("account-type-{}", ty.code());
            view! {
                <div class="radio">
                    <input type="radio" name="account_type" id=id.clone() value=ty.code() checked=i == 0 required=true />
                    <label for=id>
                        {(t.account_type)(ty)}
                        <span class="hint">{(t.document_of)(ty)}</span>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{} – Mlango", t.signup_heading) />
        <div class="narrow">
            <h1>{t.signup_heading}</h1>
            <FormError endpoints=&["/api/auth/signup"] />
            <p class="lead">{t.signup_lead}</p>
            <form method="post" action="/api/auth/signup" class="stack">
                <fieldset>
                    <legend>{t.account_type_legend}</legend>
                    {types}
                </fieldset>
                <Field name="document_number" label=t.document_number_label hint=t.document_number_hint autocomplete="off" />
                <Field name="first_name" label=t.first_name_label hint=t.first_name_hint autocomplete="given-name" />
                <Field name="year_of_birth" label=t.year_label hint=t.year_hint inputmode="numeric" autocomplete="bday-year" />
                <button type="submit" class="button">{t.continue_button}</button>
            </form>
            <p><a href="/login">{t.have_account}</a></p>
        </div>
    }
}

/// `/signup/contact`: phone, email, password and consent.
#[component]
pub fn SignupContactPage() -> impl IntoView {
    let t = auth_texts(request_lang());
    let Some(session) = page_session()
        .filter(|s| matches!(s.record.stage, Stage::SignupContact | Stage::SignupPhone | Stage::SignupEmail))
    else {
        return view! { <StepGone /> }.into_any();
    };
    let name = Pending::of(&session.record).first_name.unwrap_or_default();
    view! {
        <Title text=format!("{} – Mlango", t.contact_heading) />
        <div class="narrow">
            <h1>{t.contact_heading}</h1>
            <FormError endpoints=&["/api/auth/signup/contact"] />
            <p class="lead">{(t.contact_lead)(&name)}</p>
            <form method="post" action="/api/auth/signup/contact" class="stack">
                <Field name="phone" label=t.phone_label hint=t.phone_hint kind="tel" autocomplete="tel" />
                <Field name="email" label=t.email_label hint=t.email_hint kind="email" autocomplete="email" required=false />
                <Field name="password" label=t.password_label hint=t.password_hint kind="password" autocomplete="new-password" />
                <div class="checkbox">
                    <input type="checkbox" id="accept_terms" name="accept_terms" value="yes" required=true />
                    <label for="accept_terms">{t.terms_label}</label>
                </div>
                <p class="hint">{t.terms_text}</p>
                <button type="submit" class="button">{t.continue_button}</button>
            </form>
        </div>
    }
    .into_any()
}

/// Shown when a multi-step flow has no live session any more.
#[component]
fn StepGone() -> impl IntoView {
    let t = auth_texts(request_lang());
    view! {
        <Title text=format!("{} – Mlango", t.login_heading) />
        <div class="narrow">
            <h1>{t.login_heading}</h1>
            <FormError endpoints=&["/api/auth/otp", "/api/auth/otp/resend", "/api/auth/signup/contact", "/api/auth/reset/password"] />
            <p>{t.no_step}</p>
            <p><a class="button" href="/login">{t.nav_sign_in}</a>" "<a href="/signup">{t.nav_sign_up}</a></p>
        </div>
    }
}

/// `/verify`: the one-time code for whichever step is waiting for one.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let t = auth_texts(request_lang());
    let Some((session, purpose)) = page_session().and_then(|s| purpose_of(&s.record).map(|p| (s, p))) else {
        return view! { <StepGone /> }.into_any();
    };
    let sent_to = Pending::of(&session.record).sent_to.unwrap_or_default();
    let resent = query_param("sent").is_some();
    view! {
        <Title text=format!("{} – Mlango", (t.verify_heading)(purpose)) />
        <div class="narrow">
            <h1>{(t.verify_heading)(purpose)}</h1>
            <FormError endpoints=&["/api/auth/otp", "/api/auth/otp/resend"] />
            {resent.then(|| view! { <Notice text=t.code_sent_again.to_string() /> })}
            <p class="lead">{(t.verify_lead)(&sent_to)}</p>
            <form method="post" action="/api/auth/otp" class="stack">
                <div class="field">
                    <label for="code">{t.code_label}</label>
                    <p class="hint" id="code-hint">{t.code_hint}</p>
                    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                        maxlength="12" class="input-code" aria-describedby="code-hint" required=true />
                </div>
                <button type="submit" class="button">{t.continue_button}</button>
            </form>
            <form method="post" action="/api/auth/otp/resend">
                <button type="submit" class="button button-secondary">{t.resend_button}</button>
            </form>
        </div>
    }
    .into_any()
}

/// `/login`.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = auth_texts(request_lang());
    let notice = if query_param("reset").is_some() {
        Some(t.reset_done)
    } else if query_param("signed_out").is_some() {
        Some(t.signed_out)
    } else {
        None
    };
    view! {
        <Title text=format!("{} – Mlango", t.login_heading) />
        <div class="narrow">
            <h1>{t.login_heading}</h1>
            <FormError endpoints=&["/api/auth/login"] />
            {notice.map(|n| view! { <Notice text=n.to_string() /> })}
            <form method="post" action="/api/auth/login" class="stack">
                {query_param("next").map(|next| view! { <input type="hidden" name="next" value=next /> })}
                <Field name="login" label=t.login_label hint=t.login_hint autocomplete="username" />
                <Field name="password" label=t.password_label kind="password" autocomplete="current-password" />
                <ChannelChoice />
                <button type="submit" class="button">{t.login_button}</button>
            </form>
            <p><a href="/password/reset">{t.forgot_password}</a></p>
            <p><a href="/signup">{t.no_account}</a></p>
        </div>
    }
}

#[component]
fn ChannelChoice() -> impl IntoView {
    let t = auth_texts(request_lang());
    view! {
        <fieldset>
            <legend>{t.channel_legend}</legend>
            <div class="radio">
                <input type="radio" name="channel" id="channel-sms" value="sms" checked=true />
                <label for="channel-sms">{t.channel_sms}</label>
            </div>
            <div class="radio">
                <input type="radio" name="channel" id="channel-email" value="email" />
                <label for="channel-email">{t.channel_email}</label>
            </div>
        </fieldset>
    }
}

/// `/password/reset`.
#[component]
pub fn ResetPage() -> impl IntoView {
    let t = auth_texts(request_lang());
    view! {
        <Title text=format!("{} – Mlango", t.reset_heading) />
        <div class="narrow">
            <h1>{t.reset_heading}</h1>
            <FormError endpoints=&["/api/auth/reset"] />
            <p class="lead">{t.reset_lead}</p>
            <form method="post" action="/api/auth/reset" class="stack">
                <Field name="login" label=t.login_label autocomplete="username" />
                <ChannelChoice />
                <button type="submit" class="button">{t.continue_button}</button>
            </form>
        </div>
    }
}

/// `/password/new`.
#[component]
pub fn NewPasswordPage() -> impl IntoView {
    let t = auth_texts(request_lang());
    if page_session().filter(|s| s.record.stage == Stage::ResetPassword).is_none() {
        return view! { <StepGone /> }.into_any();
    }
    view! {
        <Title text=format!("{} – Mlango", t.new_password_heading) />
        <div class="narrow">
            <h1>{t.new_password_heading}</h1>
            <FormError endpoints=&["/api/auth/reset/password"] />
            <form method="post" action="/api/auth/reset/password" class="stack">
                <Field name="password" label=t.password_label hint=t.password_hint kind="password" autocomplete="new-password" />
                <div class="checkbox">
                    <input type="checkbox" id="sign_out_everywhere" name="sign_out_everywhere" value="yes" checked=true />
                    <label for="sign_out_everywhere">{t.sign_out_everywhere}</label>
                </div>
                <button type="submit" class="button">{t.save_password}</button>
            </form>
        </div>
    }
    .into_any()
}

/// Asks an anonymous visitor to sign in (401).
#[component]
pub fn SignInRequired() -> impl IntoView {
    set_status(401);
    let t = auth_texts(request_lang());
    view! {
        <Title text=format!("{} – Mlango", t.login_heading) />
        <h1>{t.login_heading}</h1>
        <p>{t.sign_in_required}</p>
        <p><a class="button" href="/login">{t.nav_sign_in}</a></p>
    }
}

/// Account navigation shared by the account pages.
#[component]
pub fn AccountNav() -> impl IntoView {
    let lang = request_lang();
    let t = auth_texts(lang);
    let messages = if lang == crate::i18n::Lang::Sw { "Jumbe zako" } else { "Your messages" };
    view! {
        <nav class="subnav" aria-label=t.nav_account>
            <a href="/account">{t.account_heading}</a>
            <a href="/account/messages">{messages}</a>
            <a href="/account/sessions">{t.sessions_heading}</a>
            <a href="/account/privacy">{t.privacy_heading}</a>
        </nav>
    }
}

/// `/account`: the profile.
#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = request_lang();
    let t = auth_texts(lang);
    let Some(a) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let welcome = query_param("welcome")
        .map(|_| (t.welcome)(&a.first_name))
        .or_else(|| query_param("changed").map(|_| t.contact_changed.to_string()));
    let email = a.email.as_ref().map(|e| e.to_string()).unwrap_or_else(|| t.not_given.to_string());
    view! {
        <Title text=format!("{} – Mlango", t.account_heading) />
        <h1>{t.account_heading}</h1>
        {welcome.map(|w| view! { <Notice text=w /> })}
        <AccountNav />
        <dl class="summary-list">
            <div><dt>{t.name_label}</dt><dd>{a.full_name()}</dd></div>
            <div><dt>{t.account_type_label}</dt><dd>{(t.account_type)(a.account_type)}</dd></div>
            <div><dt>{t.document_label}</dt><dd>{(t.document_of)(a.account_type)}" "{a.document_number.clone()}</dd></div>
            <div><dt>{t.phone_label}</dt><dd>{a.phone.display()}</dd></div>
            <div><dt>{t.email_label}</dt><dd>{email}</dd></div>
            <div><dt>{t.member_since}</dt><dd>{eat(a.created_at)}</dd></div>
        </dl>
        <p><a href="/account/contact">{t.change_contact_link}</a></p>
    }
    .into_any()
}

/// `/account/sessions`: where you are signed in, with sign-out buttons.
#[component]
pub fn SessionsPage() -> impl IntoView {
    let t = auth_texts(request_lang());
    let (Some(a), Some(current)) = (page_account(), page_session()) else {
        return view! { <SignInRequired /> }.into_any();
    };
    let state = state();
    let rows = async move {
        let sessions = state?.store.sessions_of(a.id).await.map_err(AppError::unavailable)?;
        Ok::<_, AppError>(
            sessions
                .into_iter()
                .map(|s| {
                    let mine = s.token_hash == current.record.token_hash;
                    let device = if s.user_agent.is_empty() { "?".to_string() } else { s.user_agent.clone() };
                    view! {
                        <li class="card session">
                            <p><strong>{device}</strong>{mine.then(|| view! { " " <span class="tag">{t.this_device}</span> })}</p>
                            <p>{t.signed_in_at}": "{eat(s.created_at)}" · "{t.last_active}": "{eat(s.last_seen_at)}" · "{t.from_address}": "{s.client_ip.clone()}</p>
                            <form method="post" action="/api/account/sessions/revoke">
                                <input type="hidden" name="session" value=s.public_id.clone() />
                                <button type="submit" class="button button-secondary">{t.end_session}</button>
                            </form>
                        </li>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <Title text=format!("{} – Mlango", t.sessions_heading) />
        <h1>{t.sessions_heading}</h1>
        <AccountNav />
        <FormError endpoints=&["/api/account/sessions/revoke"] />
        <p>{t.sessions_lead}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match rows.await {
                    Ok(rows) => view! { <ul class="plain-list">{rows}</ul> }.into_any(),
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <form method="post" action="/api/account/sessions/revoke">
            <input type="hidden" name="session" value="others" />
            <button type="submit" class="button">{t.end_others}</button>
        </form>
    }
    .into_any()
}

/// A page's data could not be loaded: the status set and the reason in the reader's language.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    set_status(error.status_code());
    let t = auth_texts(request_lang());
    view! { <p role="alert" class="error-summary">{(t.error)(&error)}</p> }
}

/// `/account/privacy`: who viewed my data, consents, activity and the export.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = auth_texts(request_lang());
    let Some(a) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let state = state();
    let load = async move { super::privacy::records(&state?, a.id).await };
    view! {
        <Title text=format!("{} – Mlango", t.privacy_heading) />
        <h1>{t.privacy_heading}</h1>
        <AccountNav />
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match load.await {
                    Ok(records) => view! { <PrivacyRecordsView records /> }.into_any(),
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn PrivacyRecordsView(records: super::privacy::PrivacyRecords) -> impl IntoView {
    let t = auth_texts(request_lang());
    let viewed = if records.viewed_by.is_empty() {
        view! { <p>{t.who_viewed_empty}</p> }.into_any()
    } else {
        let rows = records
            .viewed_by
            .iter()
            .map(|v| {
                let who = match &v.agency {
                    Some(agency) => format!("{} ({})", v.viewer_name, agency),
                    None => v.viewer_name.clone(),
                };
                view! { <tr><td>{eat(v.at)}</td><td>{who}</td><td>{v.what.clone()}</td></tr> }
            })
            .collect_view();
        view! {
            <table class="table">
                <thead><tr><th scope="col">{t.when}</th><th scope="col">{t.who}</th><th scope="col">{t.what}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let consents = records
        .consents
        .iter()
        .map(|c| {
            let line = (t.consent_line)(&c.purpose, &c.version, &eat(c.granted_at), c.withdrawn_at.map(eat).as_deref());
            view! { <li>{line}</li> }
        })
        .collect_view();
    let activity = records
        .activity
        .iter()
        .take(20)
        .map(|e| view! { <tr><td>{eat(e.at)}</td><td>{e.kind.replace('_', " ")}</td><td>{e.detail.clone()}</td></tr> })
        .collect_view();
    view! {
        <h2>{t.who_viewed_heading}</h2>
        <p>{t.who_viewed_lead}</p>
        {viewed}
        <h2>{t.consents_heading}</h2>
        <ul>{consents}</ul>
        <h2>{t.export_heading}</h2>
        <p>{t.export_lead}</p>
        <p><a class="button" href="/api/account/export" download="mlango-my-data.json">{t.export_button}</a></p>
        <h2>{t.activity_heading}</h2>
        <table class="table">
            <thead><tr><th scope="col">{t.when}</th><th scope="col">{t.what}</th><th scope="col">" "</th></tr></thead>
            <tbody>{activity}</tbody>
        </table>
    }
}

/// `/account/contact`: change phone or email, after a fresh sign-in.
#[component]
pub fn ChangeContactPage() -> impl IntoView {
    let t = auth_texts(request_lang());
    let (Some(a), Some(session)) = (page_account(), page_session()) else {
        return view! { <SignInRequired /> }.into_any();
    };
    let now = state().map(|s| s.clock.now()).unwrap_or_default();
    if !session.is_fresh(now) {
        return view! {
            <Title text=format!("{} – Mlango", t.change_contact_heading) />
            <h1>{t.change_contact_heading}</h1>
            <AccountNav />
            <p>{t.reauth_needed}</p>
            <p><a class="button" href="/login?next=/account/contact">{t.reauth_button}</a></p>
        }
        .into_any();
    }
    let email = a.email.as_ref().map(|e| e.to_string()).unwrap_or_else(|| t.not_given.to_string());
    view! {
        <Title text=format!("{} – Mlango", t.change_contact_heading) />
        <h1>{t.change_contact_heading}</h1>
        <AccountNav />
        <FormError endpoints=&["/api/account/contact"] />
        <p>{t.change_contact_lead}</p>
        <h2>{t.phone_label}</h2>
        <p>{t.current_label}": "{a.phone.display()}</p>
        <form method="post" action="/api/account/contact" class="stack">
            <Field name="phone" label=t.new_phone_label hint=t.phone_hint kind="tel" autocomplete="tel" />
            <button type="submit" class="button">{t.continue_button}</button>
        </form>
        <h2>{t.email_label}</h2>
        <p>{t.current_label}": "{email}</p>
        <form method="post" action="/api/account/contact" class="stack">
            <Field name="email" label=t.new_email_label kind="email" autocomplete="email" />
            <button type="submit" class="button">{t.continue_button}</button>
        </form>
    }
    .into_any()
}
