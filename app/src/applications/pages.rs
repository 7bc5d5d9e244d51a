//! Application pages: the apply form generated from the service's form definition, "My
//! applications", and one application with its charter date, invoice and history. Plain
//! server-rendered HTML; every action is a form post.

use super::calendar::{Date, working_days_between};
use super::form::FieldProblem;
use super::ports::Application;
use super::state::{Actor, Event, State, actor_of, next};
use super::texts::app_texts;
use crate::accounts::pages::{FormError, LoadError, SignInRequired, eat, returned_error};
use crate::accounts::session::{Access, authorize, page_account};
use crate::catalogue::model::{FieldKind, FormField, Service};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::money::Money;
use crate::offline::DraftStatus;
use crate::ssr::{query_param, request_lang, set_status, state};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The answer problems a failed submission sent back, by field.
fn returned_problems() -> BTreeMap<String, FieldProblem> {
    match returned_error("/api/applications/save") {
        Some(AppError::InvalidAnswers(list)) => list.into_iter().collect(),
        _ => BTreeMap::new(),
    }
}

fn service_named(code: &str) -> Option<Arc<Service>> {
    state().ok().and_then(|s| s.catalogue.current().catalogue.service(code).cloned())
}

/// One form field as HTML, with its current value and problem.
fn field_view(lang: Lang, f: &FormField, value: Option<String>, problem: Option<&FieldProblem>) -> AnyView {
    let a = app_texts(lang);
    let id = format!("answer-{}", f.name);
    let name = format!("answers[{}]", f.name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let hint = match (&f.kind, &f.hint) {
        (_, Some(h)) => Some(h.get(lang).to_string()),
        (FieldKind::Date { .. }, None) => Some(a.date_hint.to_string()),
        _ => None,
    };
    let described = [hint.as_ref().map(|_| hint_id.clone()), problem.map(|_| error_id.clone())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let described = (!described.is_empty()).then_some(described);
    let label = f.label.get(lang).to_string();
    let error = problem.map(|p| view! { <p class="field-error" id=error_id.clone()>{(a.field_problem)(p)}</p> });
    let hint_view = hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> });
    let value = value.unwrap_or_default();
    let invalid = problem.map(|_| "true");
    match &f.kind {
        FieldKind::Declaration => view! {
            <div class="checkbox">
                <input type="checkbox" id=id.clone() name=name value="yes" checked=value == "yes"
                    aria-describedby=described aria-invalid=invalid />
                <label for=id>{label}</label>
                {error}
            </div>
        }
        .into_any(),
        FieldKind::Choice { options } => {
            let radios = options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let rid = format!("{id}-{i}");
                    view! {
                        <div class="radio">
                            <input type="radio" id=rid.clone() name=name.clone() value=o.value.clone() checked=o.value == value />
                            <label for=rid>{o.label.get(lang).to_string()}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="field" aria-describedby=described>
                    <legend>{label}</legend>
                    {hint_view}
                    {error}
                    {radios}
                </fieldset>
            }
            .into_any()
        }
        FieldKind::LongText { max_len } => view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                {hint_view}
                {error}
                <textarea id=id name=name rows="4" maxlength=max_len.to_string() aria-describedby=described aria-invalid=invalid>{value}</textarea>
            </div>
        }
        .into_any(),
        kind => {
            let (input_type, inputmode, autocomplete) = match kind {
                FieldKind::Phone => ("tel", None, Some("tel")),
                FieldKind::Email => ("email", None, Some("email")),
                FieldKind::Number { .. } => ("text", Some("numeric"), None),
                FieldKind::Date { .. } => ("date", None, None),
                _ => ("text", None, None),
            };
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    {hint_view}
                    {error}
                    <input id=id name=name type=input_type value=value inputmode=inputmode autocomplete=autocomplete
                        aria-describedby=described aria-invalid=invalid />
                </div>
            }
            .into_any()
        }
    }
}

/// `/services/:code/apply`: the application form (a new draft, or `?reference=` to continue one).
#[component]
pub fn ApplyPage() -> impl IntoView {
    let lang = request_lang();
    let a = app_texts(lang);
    let code = use_params_map().with_untracked(|p| p.get("code")).unwrap_or_default();
    let Some(service) = service_named(&code) else {
        set_status(404);
        return view! { <crate::app::NotFound /> }.into_any();
    };
    let Some(me) = page_account() else {
        set_status(401);
        let next = format!("/login?next=/services/{}/apply", service.code);
        return view! {
            <Title text=(a.apply_heading)(service.name.get(lang)) />
            <h1>{(a.apply_heading)(service.name.get(lang))}</h1>
            <p><a class="button" href=next>{a.sign_in_to_apply}</a></p>
        }
        .into_any();
    };
    let reference = query_param("reference").filter(|r| !r.trim().is_empty());
    let problems = returned_problems();
    let state = state();
    let caller = authorize(Access::SignedIn);
    let load_ref = reference.clone();
    let draft = async move {
        match load_ref {
            Some(r) => {
                let state = state?;
                let app = super::service::own_application(&state, &caller?, &r).await?;
                let uploads = state.store.uploads_of(app.id).await.map_err(crate::accounts::service::store_err)?;
                Ok::<_, AppError>(Some((app, uploads)))
            }
            None => Ok(None),
        }
    };
    let heading = (a.apply_heading)(service.name.get(lang));
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (draft, uploads) = match draft.await {
                    Ok(Some((d, u))) => (Some(d), u),
                    Ok(None) => (None, Vec::new()),
                    Err(e) => {
                        // Someone else's or an unknown draft: the same page as any missing one.
                        set_status(e.status_code());
                        return view! { <crate::app::NotFound /> }.into_any();
                    }
                };
                view! {
                    <Title text=format!("{heading} – Mlango") />
                    <h1>{heading.clone()}</h1>
                    <FormError endpoints=&["/api/applications/save"] />
                    <DraftStatus owner=me.id />
                    <p class="lead">{a.apply_lead}</p>
                    <ApplyForm service=service.clone() draft uploads problems=problems.clone() />
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn ApplyForm(
    service: Arc<Service>,
    draft: Option<Application>,
    uploads: Vec<super::uploads::UploadMeta>,
    problems: BTreeMap<String, FieldProblem>,
) -> impl IntoView {
    let lang = request_lang();
    let a = app_texts(lang);
    let fees = state().map(|s| s.fees.clone()).ok();
    let chosen = draft
        .as_ref()
        .map(|d| d.variant_code.clone())
        .unwrap_or_else(|| service.fees.variants.first().map(|v| v.code.clone()).unwrap_or_default());
    let variants = (service.fees.variants.len() > 1).then(|| {
        let options = service
            .fees
            .variants
            .iter()
            .map(|v| {
                let id = format!("variant-{}", v.code);
                let fee = service.fees.amount(v);
                let quote = fees.as_ref().map(|f| f.quote(fee, service.fees.convenience_fee_waived));
                let price = quote.map(|q| (a.option_price)(&q.fee.to_string(), &q.convenience.to_string(), &q.total.to_string()));
                view! {
                    <div class="radio">
                        <input type="radio" id=id.clone() name="variant" value=v.code.clone() checked=v.code == chosen />
                        <label for=id>{v.label.get(lang).to_string()}<span class="hint">{price}</span></label>
                    </div>
                }
            })
            .collect_view();
        view! { <fieldset><legend>{a.option_legend}</legend>{options}</fieldset> }
    });
    let answers = draft.as_ref().map(|d| d.answers.clone()).unwrap_or_default();
    let fields = service
        .form
        .fields
        .iter()
        .map(|f| field_view(lang, f, answers.get(&f.name).cloned(), problems.get(&f.name)))
        .collect_view();
    let reference = draft.as_ref().map(|d| d.reference.clone());
    let documents = (!service.form.documents.is_empty()).then(|| {
        let inputs = service
            .form
            .documents
            .iter()
            .map(|d| document_view(lang, d, uploads.iter().find(|u| u.code == d.code), problems.get(&d.code)))
            .collect_view();
        view! {
            <fieldset id="documents">
                <legend>{a.documents_heading}</legend>
                <p class="hint">{a.documents_lead}</p>
                {inputs}
            </fieldset>
        }
    });
    // Multipart, to the handler that saves the answers and the files together (server/src/apply.rs).
    view! {
        <form method="post" action="/applications/save" enctype="multipart/form-data" class="stack" novalidate=true>
            <input type="hidden" name="service" value=service.code.to_string() />
            {reference.map(|r| view! { <input type="hidden" name="reference" value=r /> })}
            // This form's own draft id: saving it twice (a double click, a draft kept on the
            // phone and sent again) updates the one draft.
            <input type="hidden" name="client_id" value=super::service::new_client_id() />
            {variants}
            {fields}
            {documents}
            <p class="hint">{a.submit_hint}</p>
            <div class="button-row">
                <button type="submit" class="button button-secondary">{a.save_draft}</button>
                <button type="submit" class="button" name="submit" value="yes">{a.submit}</button>
            </div>
        </form>
    }
}

/// One document of the form: what it is, what is accepted, the file already uploaded, the
/// picker (checked in the browser when JavaScript runs) and the server's problem, if any.
fn document_view(
    lang: Lang,
    d: &crate::catalogue::model::DocumentRequirement,
    uploaded: Option<&super::uploads::UploadMeta>,
    problem: Option<&FieldProblem>,
) -> AnyView {
    use super::uploads::{size_label, types_label};
    let a = app_texts(lang);
    let id = format!("answer-{}", d.code);
    let hint_id = format!("{id}-hint");
    let types = types_label(&d.accepted, a.or_word);
    let size = size_label(d.max_bytes);
    let optional = (!d.required).then_some(a.optional);
    let have = uploaded.map(|u| {
        let kb = u32::try_from(u.size_bytes).unwrap_or(u32::MAX);
        view! { <p class="uploaded">{(a.uploaded)(&u.file_name, &size_label(kb))}</p> }
    });
    view! {
        <div class="field">
            <label for=id>{d.label.get(lang).to_string()}{optional}</label>
            <p class="hint" id=hint_id.clone()>{(a.document_rule)(&types, &size)}</p>
            {have}
            <super::islands::DocumentPicker
                requirement=d.clone()
                described=hint_id
                error=problem.map(|p| (a.field_problem)(p)).unwrap_or_default()
                wrong_type=(a.field_problem)(&FieldProblem::FileType { accepted: d.accepted.clone() })
                too_large=(a.field_problem)(&FieldProblem::FileTooLarge { max_bytes: d.max_bytes })
                empty=(a.field_problem)(&FieldProblem::FileEmpty)
            />
        </div>
    }
    .into_any()
}

/// An amount for display, e.g. `KSh 1,050.00`.
pub(crate) fn money(minor: Option<i64>, currency: Option<&str>) -> String {
    let currency = currency.and_then(crate::money::Currency::parse).unwrap_or(crate::money::Currency::Kes);
    Money { minor: minor.unwrap_or(0), currency }.to_string()
}

/// Working days from today to the due date (negative when late).
fn days_left(due: &str, now: i64) -> Option<i64> {
    let due = super::form::parse_date(due)?;
    Some(working_days_between(Date::from_unix_eat(now), due, &[]))
}

/// The answers as a summary list, labelled from the service's form.
pub fn answers_view(lang: Lang, service: Option<&Service>, answers: &super::form::Answers) -> impl IntoView + use<> {
    let rows = answers
        .iter()
        .map(|(k, v)| {
            let label = service
                .and_then(|s| s.form.fields.iter().find(|f| &f.name == k).map(|f| f.label.get(lang).to_string()))
                .unwrap_or(k.clone());
            view! { <div><dt>{label}</dt><dd>{v.clone()}</dd></div> }
        })
        .collect_view();
    view! { <dl class="summary-list">{rows}</dl> }
}

/// The documents uploaded with an application, each a link to download it, with the start of
/// its fingerprint (the SHA-256 that is part of the snapshot); nothing when the form has none.
pub fn uploads_view(
    lang: Lang,
    reference: &str,
    service: Option<&Service>,
    uploads: &[super::uploads::UploadMeta],
) -> Option<AnyView> {
    let a = app_texts(lang);
    if uploads.is_empty() && service.is_none_or(|s| s.form.documents.is_empty()) {
        return None;
    }
    let label = |code: &str| {
        service
            .and_then(|s| super::uploads::requirement(&s.form, code))
            .map(|d| d.label.get(lang).to_string())
            .unwrap_or(code.to_string())
    };
    let mut rows: Vec<AnyView> = uploads
        .iter()
        .map(|u| {
            let size = super::uploads::size_label(u32::try_from(u.size_bytes).unwrap_or(u32::MAX));
            let href = format!("/applications/{reference}/uploads/{}", u.code);
            view! {
                <div><dt>{label(&u.code)}</dt><dd>
                    <a href=href download=u.file_name.clone()>{u.file_name.clone()}</a>
                    " ("{size}", "{u.kind.label()}") "<code class="hash">{u.sha256.chars().take(12).collect::<String>()}</code>
                </dd></div>
            }
            .into_any()
        })
        .collect();
    if let Some(s) = service {
        rows.extend(s.form.documents.iter().filter(|d| !uploads.iter().any(|u| u.code == d.code)).map(|d| {
            view! { <div><dt>{d.label.get(lang).to_string()}</dt><dd>{a.not_uploaded}</dd></div> }.into_any()
        }));
    }
    Some(view! { <h2>{a.documents_heading}</h2><dl class="summary-list">{rows}</dl> }.into_any())
}

/// The history list, with the officer's and citizen's notes.
pub fn history_view(lang: Lang, events: &[super::ports::ApplicationEvent]) -> impl IntoView + use<> {
    let a = app_texts(lang);
    events
        .iter()
        .map(|e| {
            let note = (!e.note.is_empty()).then(|| view! { <br /><q>{e.note.clone()}</q> });
            let what = if e.event == Event::CharterBreached { a.late.to_string() } else { (a.state)(e.to).to_string() };
            view! { <li>{eat(e.at)}" — "{what}{note}</li> }
        })
        .collect_view()
}

/// Applications on one page of "My applications".
pub const MINE_PAGE_SIZE: u32 = 25;

/// `/applications`: the citizen's applications, most recently changed first, a page at a time
/// (`?before=` / `?after=` a position, see [`crate::paging`]).
#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    use crate::paging::{Pager, Seek, decode_pair, encode_pair, href, page};
    let lang = request_lang();
    let a = app_texts(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let owner = me.id;
    let state = state();
    // A position that is not one (an edited address) shows the first page.
    let seek =
        Seek::parse(query_param("before").as_deref(), query_param("after").as_deref(), decode_pair).unwrap_or_default();
    let load = async move {
        let state = state?;
        let rows = state
            .store
            .citizen_applications(me.id, &seek, MINE_PAGE_SIZE + 1)
            .await
            .map_err(crate::accounts::service::store_err)?;
        Ok::<_, AppError>((page(rows, &seek, true, MINE_PAGE_SIZE as usize), state.clock.now()))
    };
    view! {
        <Title text=format!("{} – Mlango", a.mine_heading) />
        <h1>{a.mine_heading}</h1>
        <DraftStatus owner />
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (apps, now) = match load.await {
                    Ok(x) => x,
                    Err(e) => {
                        return view! { <LoadError error=e /> }.into_any();
                    }
                };
                if apps.rows.is_empty() && !apps.has_prev {
                    return view! { <p>{a.mine_empty}</p> }.into_any();
                }
                let links = apps.links(true, |app| encode_pair((app.updated_at, app.id)));
                let (prev, next) =
                    (href("/applications", &[], links.prev.as_ref()), href("/applications", &[], links.next.as_ref()));
                let t = lang.t();
                let rows = apps
                    .rows
                    .into_iter()
                    .map(|app| {
                        let name = service_named(&app.service_code).map(|s| s.name.get(lang).to_string()).unwrap_or(app.service_code.clone());
                        let due = app.due_date.as_deref().filter(|_| app.state.clock_running()).and_then(|d| days_left(d, now)).map(a.due_in);
                        view! {
                            <li class="card">
                                <p><a href=format!("/applications/{}", app.reference)><strong>{name}</strong></a></p>
                                <p>{app.reference.clone()}" · "{(a.state)(app.state)}{due.map(|d| view! { " · " {a.due}" " {d} })}</p>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <ul class="plain-list">{rows}</ul>
                    <Pager prev next prev_label=t.previous_page next_label=t.next_page label=t.pagination_label />
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// `/applications/:reference`: one application.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let lang = request_lang();
    let a = app_texts(lang);
    if page_account().is_none() {
        return view! { <SignInRequired /> }.into_any();
    }
    let reference = use_params_map().with_untracked(|p| p.get("reference")).unwrap_or_default();
    let state = state();
    let caller = authorize(Access::SignedIn);
    let load = async move {
        let state = state?;
        let app = super::service::own_application(&state, &caller?, &reference).await?;
        let events = state.store.events_of_application(app.id).await.map_err(crate::accounts::service::store_err)?;
        let invoice = state.store.invoice_of(app.id).await.map_err(crate::accounts::service::store_err)?;
        let payment = match &invoice {
            Some(i) => {
                let err = crate::accounts::service::store_err;
                match state.store.payable_invoice(&i.bill_ref).await.map_err(err)? {
                    Some(invoice) => Some(crate::payments::pages::PaymentSection {
                        attempts: state.store.attempts_of(&i.bill_ref).await.map_err(err)?,
                        payments: state.store.payments_of(&i.bill_ref).await.map_err(err)?,
                        invoice,
                        phone: page_account().map(|a| a.phone.display()).unwrap_or_default(),
                        paybill: state.payments.paybill.clone(),
                        paying: crate::ssr::query_param("paying"),
                        credit_minor: state.store.credit_balance(app.citizen_id).await.map_err(err)?,
                        now: state.clock.now(),
                        waiting: state.store.payment_wait(&i.bill_ref).await.map_err(err)?.is_some_and(|w| w.is_open()),
                    }),
                    None => None,
                }
            }
            None => None,
        };
        let document =
            state.store.document_of_application(app.id).await.map_err(crate::accounts::service::store_err)?;
        let appointments = crate::appointments::pages::load(
            &state,
            lang,
            &app,
            crate::ssr::query_param("office"),
            crate::ssr::query_param("step"),
            crate::ssr::query_param("booked").is_some(),
        )
        .await?;
        let uploads = state.store.uploads_of(app.id).await.map_err(crate::accounts::service::store_err)?;
        Ok::<_, AppError>((app, events, payment, document, appointments, uploads, state.clock.now()))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (app, events, payment, document, appointments, uploads, now) = match load.await {
                    Ok(x) => x,
                    Err(e) => {
                        set_status(e.status_code());
                        return view! { <crate::app::NotFound /> }.into_any();
                    }
                };
                let service = service_named(&app.service_code);
                let name = service.as_ref().map(|s| s.name.get(lang).to_string()).unwrap_or(app.service_code.clone());
                let variant = service
                    .as_ref()
                    .and_then(|s| s.fees.variant(&app.variant_code).map(|v| v.label.get(lang).to_string()))
                    .unwrap_or(app.variant_code.clone());
                let due = app.due_date.clone().map(|d| {
                    let left = days_left(&d, now).filter(|_| app.state.clock_running()).map(a.due_in);
                    view! { <div><dt>{a.due}</dt><dd>{d}{left.map(|l| view! { " (" {l} ")" })}</dd></div> }
                });
                let invoice_view = payment.map(|p| crate::payments::pages::payment_section(lang, a, p));
                let appointments_view = appointments.map(|s| crate::appointments::pages::section(lang, &app.reference, s));
                let apology = app.charter_missed_on.clone().filter(|_| app.state.clock_running()).map(|missed| {
                    let new = app.due_date.clone().unwrap_or_default();
                    view! {
                        <section class="notice notice-warning" role="status">
                            <h2>{a.late}</h2>
                            <p>{(a.late_apology)(&missed, &new)}</p>
                        </section>
                    }
                });
                let history = history_view(lang, &events);
                let asks = events.iter().rev().find(|e| e.event == Event::RequestInfo).map(|e| e.note.clone());
                let answer_form = (app.state == State::NeedsInfo).then(|| view! {
                    <section class="notice">
                        <h2>{a.officer_asks}</h2>
                        <p>{asks.clone().unwrap_or_default()}</p>
                        <form method="post" action="/api/applications/answer" class="stack">
                            <input type="hidden" name="reference" value=app.reference.clone() />
                            <div class="field">
                                <label for="note">{a.answer_label}</label>
                                <textarea id="note" name="note" rows="4" maxlength="1000" required=true></textarea>
                            </div>
                            <button type="submit" class="button">{a.answer_button}</button>
                        </form>
                    </section>
                });
                let answers = (!app.answers.is_empty()).then(|| {
                    view! { <h2>{a.answers_heading}</h2>{answers_view(lang, service.as_deref(), &app.answers)} }
                });
                let uploaded = uploads_view(lang, &app.reference, service.as_deref(), &uploads);
                let can_withdraw = next(app.state, Event::Withdraw, actor_of(Event::Withdraw)).is_ok();
                debug_assert_eq!(actor_of(Event::Withdraw), Actor::Citizen);
                let continue_link = (app.state == State::Draft)
                    .then(|| format!("/services/{}/apply?reference={}", app.service_code, app.reference));
                view! {
                    <Title text=format!("{name} – {} – Mlango", app.reference) />
                    <h1>{name}</h1>
                    <FormError endpoints=&["/api/applications/withdraw", "/api/applications/save", "/api/applications/answer", "/api/payments/mpesa", "/api/payments/credit", "/api/appointments/book", "/api/appointments/cancel"] />
                    <dl class="summary-list">
                        <div><dt>{a.reference}</dt><dd><code>{app.reference.clone()}</code></dd></div>
                        <div><dt>{a.option}</dt><dd>{variant}</dd></div>
                        <div><dt>{a.status}</dt><dd><strong>{(a.state)(app.state)}</strong></dd></div>
                        {due}
                    </dl>
                    {apology}
                    {continue_link.map(|href| view! { <p><a class="button" href=href>{a.continue_draft}</a></p> })}
                    {document.map(|d| view! {
                        <section class="notice">
                            <h2>{a.document_heading}</h2>
                            <p><code>{d.number.clone()}</code></p>
                            <p><a class="button" href=format!("/applications/{}/document.pdf", app.reference)>{a.download}</a></p>
                            <p><a href=format!("/v1/documents/{}", d.number)>{a.verify_link}</a></p>
                        </section>
                    })}
                    {answer_form}
                    {invoice_view}
                    {appointments_view}
                    {answers}
                    {uploaded}
                    <h2>{a.history_heading}</h2>
                    <ol class="steps">{history}</ol>
                    {can_withdraw.then(|| view! {
                        <form method="post" action="/api/applications/withdraw">
                            <input type="hidden" name="reference" value=app.reference.clone() />
                            <button type="submit" class="button button-secondary">{a.withdraw}</button>
                        </form>
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
