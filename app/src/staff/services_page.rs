//! `/staff/services`: an agency admin's services and drafts; `/staff/services/drafts/:id`: one
//! draft (details, prices of a new service, the application form's questions and documents,
//! publish or discard); `.../field` and `.../document`: one question or document. Plain forms
//! that post to server functions, so it all works without JavaScript. Every form carries the
//! draft's version: a stale form (another admin saved meanwhile, or a double click) is refused.

use super::services::{
    self, Arrange, DetailsInput, DocumentInput, Draft, DraftState, FIELD_KINDS, FieldInput, SERVICE_ROLES,
    check_publishable, kind_code, may_publish, options_text, pairs_text,
};
use super::services_texts::{ServiceTexts, service_texts};
use crate::accounts::api::{finish, reject};
use crate::accounts::pages::{FormError, LoadError, SignInRequired, eat};
use crate::accounts::service::NextStep;
use crate::accounts::session::{Access, authorize, page_account};
use crate::accounts::texts::auth_texts;
use crate::catalogue::model::{Category, DocumentType, FieldKind};
use crate::error::{AppError, Problem};
use crate::i18n::Lang;
use crate::money::Money;
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Every endpoint of the editor, for the error box.
const ENDPOINTS: &[&str] = &[
    "/api/staff/services/draft/start",
    "/api/staff/services/draft/new",
    "/api/staff/services/draft/details",
    "/api/staff/services/draft/fees",
    "/api/staff/services/draft/field",
    "/api/staff/services/draft/document",
    "/api/staff/services/draft/arrange",
    "/api/staff/services/draft/publish",
    "/api/staff/services/draft/discard",
];

/// Most services listed at once; the search finds the rest.
const LIST_LIMIT: usize = 50;

fn to_draft(id: i64, anchor: &str) -> NextStep {
    NextStep { to: format!("/staff/services/drafts/{id}{anchor}"), cookie: None }
}

/// Starts editing one of the agency's services (or opens its draft in progress).
#[server(prefix = "/api", endpoint = "staff/services/draft/start")]
pub async fn start_service_draft(service_code: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(SERVICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(services::start_edit(&state, &caller, &service_code).await.map(|id| to_draft(id, "")))
}

/// Starts a draft of a new service.
#[server(prefix = "/api", endpoint = "staff/services/draft/new")]
pub async fn new_service_draft(code: String, name_en: String, category: String) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(SERVICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(services::start_new(&state, &caller, &code, &name_en, &category).await.map(|id| to_draft(id, "")))
}

/// Saves the draft's details.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "staff/services/draft/details")]
pub async fn save_service_details(
    draft_id: i64,
    version: i64,
    name_en: String,
    name_sw: Option<String>,
    summary_en: Option<String>,
    summary_sw: Option<String>,
    category: String,
    timeline_days: String,
    keywords: Option<String>,
    requirements: Option<String>,
    in_person_steps: Option<String>,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(SERVICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let input = DetailsInput {
        name_en,
        name_sw: name_sw.unwrap_or_default(),
        summary_en: summary_en.unwrap_or_default(),
        summary_sw: summary_sw.unwrap_or_default(),
        category,
        timeline_days,
        keywords: keywords.unwrap_or_default(),
        requirements: requirements.unwrap_or_default(),
        in_person_steps: in_person_steps.unwrap_or_default(),
    };
    let result =
        services::edit(&state, &caller, draft_id, version, |d| services::apply_details(&mut d.service, &input))
            .await
            .map(|()| to_draft(draft_id, "#details"));
    finish(result)
}

/// Sets a new service's prices (a published service's change only through fee changes).
#[server(prefix = "/api", endpoint = "staff/services/draft/fees")]
pub async fn save_service_fees(
    draft_id: i64,
    version: i64,
    currency: String,
    waived: Option<String>,
    fees: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(SERVICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let result = services::edit(&state, &caller, draft_id, version, |d| {
        if !d.is_new {
            return Err(Problem::FeesNotInDraft);
        }
        d.service.fees = services::parse_fees(&fees, &currency, waived.is_some())?;
        Ok(())
    })
    .await
    .map(|()| to_draft(draft_id, "#fees"));
    finish(result)
}

/// Adds a question to the form (`original` empty) or changes the one named `original`.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "staff/services/draft/field")]
pub async fn save_service_field(
    draft_id: i64,
    version: i64,
    original: Option<String>,
    kind: String,
    name: String,
    label_en: String,
    label_sw: Option<String>,
    hint_en: Option<String>,
    hint_sw: Option<String>,
    required: Option<String>,
    min_len: Option<String>,
    max_len: Option<String>,
    min: Option<String>,
    max: Option<String>,
    date_rule: Option<String>,
    options: Option<String>,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(SERVICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let input = FieldInput {
        kind,
        name,
        label_en,
        label_sw: label_sw.unwrap_or_default(),
        hint_en: hint_en.unwrap_or_default(),
        hint_sw: hint_sw.unwrap_or_default(),
        required: required.is_some(),
        min_len: min_len.unwrap_or_default(),
        max_len: max_len.unwrap_or_default(),
        min: min.unwrap_or_default(),
        max: max.unwrap_or_default(),
        date_rule: date_rule.unwrap_or_default(),
        options: options.unwrap_or_default(),
    };
    let original = original.unwrap_or_default();
    let result = services::edit(&state, &caller, draft_id, version, |d| {
        let field = services::parse_field(&input)?;
        services::put_field(std::sync::Arc::make_mut(&mut d.service.form), &original, field)
    })
    .await
    .map(|()| to_draft(draft_id, "#form"));
    finish(result)
}

/// Asks for a document (`original` empty) or changes the one with code `original`.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "staff/services/draft/document")]
pub async fn save_service_document(
    draft_id: i64,
    version: i64,
    original: Option<String>,
    code: String,
    label_en: String,
    label_sw: Option<String>,
    required: Option<String>,
    pdf: Option<String>,
    jpeg: Option<String>,
    png: Option<String>,
    max_mb: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(SERVICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let input = DocumentInput {
        code,
        label_en,
        label_sw: label_sw.unwrap_or_default(),
        required: required.is_some(),
        pdf: pdf.is_some(),
        jpeg: jpeg.is_some(),
        png: png.is_some(),
        max_mb,
    };
    let original = original.unwrap_or_default();
    let result = services::edit(&state, &caller, draft_id, version, |d| {
        let doc = services::parse_document(&input)?;
        services::put_document(std::sync::Arc::make_mut(&mut d.service.form), &original, doc)
    })
    .await
    .map(|()| to_draft(draft_id, "#form"));
    finish(result)
}

/// Moves a question or document up or down, or removes it.
#[server(prefix = "/api", endpoint = "staff/services/draft/arrange")]
pub async fn arrange_service_form(
    draft_id: i64,
    version: i64,
    name: String,
    action: String,
) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(SERVICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    let how = Arrange::parse(&action).ok_or_else(|| AppError::BadRequest("action must be up, down or remove".into()));
    let result = match how {
        Ok(how) => services::edit(&state, &caller, draft_id, version, |d| {
            services::arrange(std::sync::Arc::make_mut(&mut d.service.form), name.trim(), how)
        })
        .await
        .map(|()| to_draft(draft_id, "#form")),
        Err(e) => Err(e),
    };
    finish(result)
}

/// Publishes the draft into the catalogue.
#[server(prefix = "/api", endpoint = "staff/services/draft/publish")]
pub async fn publish_service_draft(draft_id: i64, version: i64) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(SERVICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(services::publish(&state, &caller, draft_id, version).await.map(|_| to_draft(draft_id, "")))
}

/// Throws the draft away.
#[server(prefix = "/api", endpoint = "staff/services/draft/discard")]
pub async fn discard_service_draft(draft_id: i64, version: i64) -> Result<String, AppError> {
    let caller = authorize(Access::Roles(SERVICE_ROLES)).map_err(reject)?;
    let state = state().map_err(reject)?;
    finish(services::discard(&state, &caller, draft_id, version).await.map(|()| to_draft(draft_id, "")))
}

/// Hidden inputs naming the draft and the version the form shows.
fn draft_inputs(d: &Draft) -> impl IntoView + use<> {
    view! {
        <input type="hidden" name="draft_id" value=d.id.to_string() />
        <input type="hidden" name="version" value=d.version.to_string() />
    }
}

fn category_options(lang: Lang, selected: Option<Category>) -> impl IntoView {
    let t = lang.t();
    Category::ALL
        .into_iter()
        .map(|c| {
            view! { <option value=c.as_str() selected=selected == Some(c)>{crate::catalogue::pages::category_label(t, c)}</option> }
        })
        .collect_view()
}

/// `/staff/services`.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let lang = request_lang();
    let t = service_texts(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let q = query_param("q").unwrap_or_default();
    let state = state();
    let caller = authorize(Access::Roles(SERVICE_ROLES));
    let load = async move {
        let caller = caller?;
        let state = state?;
        let drafts = services::open_service_drafts(&state, &caller).await?;
        Ok::<_, AppError>((state, drafts))
    };
    let agency = me.agency.clone().unwrap_or_default();
    view! {
        <Title text=format!("{} – Mlango", t.heading) />
        <h1>{t.heading}</h1>
        <p>{t.lead}</p>
        <FormError endpoints=ENDPOINTS />
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (state, drafts) = match load.await {
                    Ok(x) => x,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                let live = state.catalogue.current();
                let needle = q.trim().to_lowercase();
                let mine: Vec<_> = live
                    .catalogue
                    .services()
                    .iter()
                    .filter(|s| s.agency.as_str() == agency)
                    .filter(|s| {
                        needle.is_empty()
                            || s.code.as_str().contains(&needle)
                            || s.name.en.to_lowercase().contains(&needle)
                            || s.name.sw.to_lowercase().contains(&needle)
                    })
                    .collect();
                let total = mine.len();
                let drafts_view = if drafts.is_empty() {
                    view! { <p>{t.no_drafts}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards">
                            {drafts.iter().map(|d| view! {
                                <li class="card">
                                    <h3>{d.service.name.get(lang).to_string()}" "<code>{d.service.code.to_string()}</code></h3>
                                    {d.is_new.then(|| view! { <p><strong>{t.new_tag}</strong></p> })}
                                    <p>{(t.changed_by)(&d.updated_by_name, &eat(d.updated_at))}</p>
                                    <p><a href=format!("/staff/services/drafts/{}", d.id)>{t.continue_editing}</a></p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                };
                let rows = mine
                    .iter()
                    .take(LIST_LIMIT)
                    .map(|s| {
                        let code = s.code.to_string();
                        view! {
                            <tr>
                                <td><a href=format!("/services/{code}")>{s.name.get(lang).to_string()}</a><br /><code>{code.clone()}</code></td>
                                <td>{(t.days)(s.timeline_days)}</td>
                                <td>
                                    <form method="post" action="/api/staff/services/draft/start">
                                        <input type="hidden" name="service_code" value=code.clone() />
                                        <button type="submit" class="button button-secondary">{t.edit_button}</button>
                                    </form>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                let list = if total == 0 {
                    view! { <p>{t.none_found}</p> }.into_any()
                } else {
                    view! {
                        {(total > LIST_LIMIT).then(|| view! { <p class="hint">{(t.more_hint)(LIST_LIMIT, total)}</p> })}
                        <table>
                            <thead><tr>
                                <th scope="col">{t.service_col}</th><th scope="col">{t.timeline_col}</th><th scope="col"></th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                    .into_any()
                };
                view! {
                    <h2>{t.drafts_heading}</h2>
                    {drafts_view}
                    <h2>{t.edit_heading}</h2>
                    <form method="get" action="/staff/services" class="inline-form" role="search">
                        <label for="service-q">{t.search_label}</label>
                        <input id="service-q" name="q" type="search" value=q.clone() />
                        <button type="submit" class="button button-secondary">{t.search_button}</button>
                    </form>
                    {list}
                    <h2 id="new">{t.new_heading}</h2>
                    <form method="post" action="/api/staff/services/draft/new" class="stack">
                        <div class="field">
                            <label for="new-code">{t.code_label}</label>
                            <p class="hint" id="new-code-hint">{(t.code_hint)(&agency)}</p>
                            <input id="new-code" name="code" type="text" required=true autocomplete="off" aria-describedby="new-code-hint" value=format!("{agency}-") />
                        </div>
                        <div class="field">
                            <label for="new-name">{t.name_en}</label>
                            <input id="new-name" name="name_en" type="text" required=true maxlength="160" />
                        </div>
                        <div class="field">
                            <label for="new-category">{t.category_label}</label>
                            <select id="new-category" name="category">{category_options(lang, None)}</select>
                        </div>
                        <button type="submit" class="button">{t.create_button}</button>
                    </form>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

fn draft_id_param() -> i64 {
    use_params_map().with_untracked(|p| p.get("id")).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// `/staff/services/drafts/:id`.
#[component]
pub fn DraftPage() -> impl IntoView {
    let lang = request_lang();
    let t = service_texts(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let id = draft_id_param();
    let state = state();
    let caller = authorize(Access::Roles(SERVICE_ROLES));
    let load = async move {
        let caller = caller?;
        let state = state?;
        let draft = services::load_draft(&state, &caller, id).await?;
        Ok::<_, AppError>((state, draft))
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (state, d) = match load.await {
                    Ok(x) => x,
                    Err(e) => return view! { <Title text=format!("{} – Mlango", t.heading) /><LoadError error=e /> }.into_any(),
                };
                let live = state.catalogue.current();
                let live_service = live.catalogue.service(d.service.code.as_str()).cloned();
                let name = d.service.name.get(lang).to_string();
                let code = d.service.code.to_string();
                let closed = match d.state {
                    DraftState::Draft => None,
                    DraftState::Published => Some(view! {
                        <div class="notice" role="status"><p>{t.published_notice}</p></div>
                        <p><a href=format!("/services/{code}")>{t.view_live}</a></p>
                    }.into_any()),
                    DraftState::Discarded => Some(view! { <div class="notice" role="status"><p>{t.discarded_notice}</p></div> }.into_any()),
                };
                let body = if closed.is_some() {
                    None
                } else {
                    let live_fees = if d.is_new { None } else { live_service.as_ref().map(|s| s.fees.clone()) };
                    Some(view! {
                        <p>{(t.draft_status)(d.version)}" "{(t.changed_by)(&d.updated_by_name, &eat(d.updated_at))}</p>
                        {details_section(t, lang, &d)}
                        {fees_section(t, lang, &d, live_fees)}
                        {form_section(t, lang, &d)}
                        {publish_section(t, lang, &d, me.id)}
                    })
                };
                view! {
                    <Title text=format!("{} – Mlango", (t.editing)(&name)) />
                    <p><a href="/staff/services">{t.back}</a></p>
                    <h1>{(t.editing)(&name)}" "<code>{code.clone()}</code></h1>
                    <FormError endpoints=ENDPOINTS />
                    {closed}
                    {body}
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

fn details_section(t: &'static ServiceTexts, lang: Lang, d: &Draft) -> impl IntoView {
    let s = &d.service;
    view! {
        <section id="details">
            <h2>{t.details_heading}</h2>
            <form method="post" action="/api/staff/services/draft/details" class="stack">
                {draft_inputs(d)}
                <div class="field">
                    <label for="name_en">{t.name_en}</label>
                    <input id="name_en" name="name_en" type="text" required=true maxlength="160" value=s.name.en.clone() />
                </div>
                <div class="field">
                    <label for="name_sw">{t.name_sw}</label>
                    <input id="name_sw" name="name_sw" type="text" maxlength="160" value=s.name.sw.clone() />
                </div>
                <div class="field">
                    <label for="summary_en">{t.summary_en}</label>
                    <textarea id="summary_en" name="summary_en" rows="3" maxlength="600">{s.summary.en.clone()}</textarea>
                </div>
                <div class="field">
                    <label for="summary_sw">{t.summary_sw}</label>
                    <textarea id="summary_sw" name="summary_sw" rows="3" maxlength="600">{s.summary.sw.clone()}</textarea>
                </div>
                <div class="field">
                    <label for="category">{t.category_label}</label>
                    <select id="category" name="category">{category_options(lang, Some(s.category))}</select>
                </div>
                <div class="field">
                    <label for="timeline_days">{t.timeline_label}</label>
                    <p class="hint" id="timeline-hint">{t.timeline_hint}</p>
                    <input id="timeline_days" name="timeline_days" type="text" inputmode="numeric" required=true aria-describedby="timeline-hint" value=s.timeline_days.to_string() />
                </div>
                <div class="field">
                    <label for="keywords">{t.keywords_label}</label>
                    <p class="hint" id="keywords-hint">{t.keywords_hint}</p>
                    <input id="keywords" name="keywords" type="text" maxlength="300" aria-describedby="keywords-hint" value=s.keywords.clone() />
                </div>
                <div class="field">
                    <label for="requirements">{t.requirements_label}</label>
                    <p class="hint" id="requirements-hint">{t.pairs_hint}</p>
                    <textarea id="requirements" name="requirements" rows="4" aria-describedby="requirements-hint">{pairs_text(&s.requirements)}</textarea>
                </div>
                <div class="field">
                    <label for="in_person_steps">{t.steps_label}</label>
                    <p class="hint" id="steps-hint">{t.pairs_hint}</p>
                    <textarea id="in_person_steps" name="in_person_steps" rows="3" aria-describedby="steps-hint">{pairs_text(&s.in_person_steps)}</textarea>
                </div>
                <button type="submit" class="button">{t.save_details}</button>
            </form>
        </section>
    }
}

fn fees_section(
    t: &'static ServiceTexts,
    lang: Lang,
    d: &Draft,
    live_fees: Option<crate::catalogue::model::FeeSchedule>,
) -> impl IntoView {
    let content = match live_fees {
        // A published service: its prices as the catalogue has them, changed only by fee changes.
        Some(fees) => view! {
            <table>
                <thead><tr><th scope="col">{t.option_col}</th><th scope="col">{t.amount_col}</th></tr></thead>
                <tbody>
                    {fees.variants.iter().map(|v| view! {
                        <tr><td>{v.label.get(lang).to_string()}</td><td class="num">{Money { minor: v.amount_minor, currency: fees.currency }.to_string()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p>{t.fees_live_note}" "<a href=format!("/staff/fees?service={}", d.service.code)>{t.fees_link}</a></p>
        }
        .into_any(),
        None => {
            let fees = &d.service.fees;
            view! {
                <form method="post" action="/api/staff/services/draft/fees" class="stack">
                    {draft_inputs(d)}
                    <div class="field">
                        <label for="fee-lines">{t.fees_label}</label>
                        <p class="hint" id="fees-hint">{t.fees_hint}</p>
                        <textarea id="fee-lines" name="fees" rows="4" required=true aria-describedby="fees-hint">{services::fees_text(fees)}</textarea>
                    </div>
                    <div class="field">
                        <label for="currency">{t.currency_label}</label>
                        <select id="currency" name="currency">
                            <option value="KES" selected=fees.currency == crate::money::Currency::Kes>"KES"</option>
                            <option value="USD" selected=fees.currency == crate::money::Currency::Usd>"USD"</option>
                        </select>
                    </div>
                    <div class="checkbox">
                        <input id="waived" name="waived" type="checkbox" value="yes" checked=fees.convenience_fee_waived />
                        <label for="waived">{t.waived_label}</label>
                    </div>
                    <button type="submit" class="button">{t.save_fees}</button>
                </form>
            }
            .into_any()
        }
    };
    view! {
        <section id="fees">
            <h2>{t.fees_heading}</h2>
            {content}
        </section>
    }
}

/// A row's buttons: move up, move down, remove (each its own small form).
fn arrange_buttons(t: &'static ServiceTexts, d: &Draft, name: &str, label: &str) -> impl IntoView + use<> {
    let button = |action: &'static str, text: &'static str| {
        let (name, aria) = (name.to_string(), format!("{text}: {label}"));
        view! {
            <form method="post" action="/api/staff/services/draft/arrange" class="inline">
                {draft_inputs(d)}
                <input type="hidden" name="name" value=name />
                <button type="submit" name="action" value=action class="button button-secondary" aria-label=aria>{text}</button>
            </form>
        }
    };
    view! { {button("up", t.up)} {button("down", t.down)} {button("remove", t.remove)} }
}

fn form_section(t: &'static ServiceTexts, lang: Lang, d: &Draft) -> impl IntoView {
    let form = &d.service.form;
    let fields = if form.fields.is_empty() {
        view! { <p>{t.no_fields}</p> }.into_any()
    } else {
        let rows = form
            .fields
            .iter()
            .map(|f| {
                let label = f.label.get(lang).to_string();
                view! {
                    <tr>
                        <td>{label.clone()}</td>
                        <td><code>{f.name.clone()}</code></td>
                        <td>{(t.kind)(kind_code(&f.kind))}</td>
                        <td>{if f.required { t.yes } else { t.no }}</td>
                        <td>
                            <a href=format!("/staff/services/drafts/{}/field?name={}", d.id, f.name) aria-label=format!("{}: {label}", t.change)>{t.change}</a>
                            {arrange_buttons(t, d, &f.name, &label)}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table>
                <thead><tr>
                    <th scope="col">{t.label_col}</th><th scope="col">{t.name_col}</th><th scope="col">{t.type_col}</th>
                    <th scope="col">{t.required_col}</th><th scope="col"></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let documents = if form.documents.is_empty() {
        view! { <p>{t.no_documents}</p> }.into_any()
    } else {
        let rows = form
            .documents
            .iter()
            .map(|doc| {
                let label = doc.label.get(lang).to_string();
                let types = doc.accepted.iter().map(|x| x.label()).collect::<Vec<_>>().join(", ");
                view! {
                    <tr>
                        <td>{label.clone()}</td>
                        <td><code>{doc.code.clone()}</code></td>
                        <td>{types}</td>
                        <td>{format!("{} MB", doc.max_bytes / (1024 * 1024))}</td>
                        <td>{if doc.required { t.yes } else { t.no }}</td>
                        <td>
                            <a href=format!("/staff/services/drafts/{}/document?code={}", d.id, doc.code) aria-label=format!("{}: {label}", t.change)>{t.change}</a>
                            {arrange_buttons(t, d, &doc.code, &label)}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table>
                <thead><tr>
                    <th scope="col">{t.label_col}</th><th scope="col">{t.name_col}</th><th scope="col">{t.types_col}</th>
                    <th scope="col">{t.size_col}</th><th scope="col">{t.required_col}</th><th scope="col"></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section id="form">
            <h2>{t.form_heading}</h2>
            {fields}
            <form method="get" action=format!("/staff/services/drafts/{}/field", d.id) class="inline-form">
                <label for="add-kind">{t.add_field_label}</label>
                <select id="add-kind" name="kind">
                    {FIELD_KINDS.iter().map(|k| view! { <option value=*k>{(t.kind)(k)}</option> }).collect_view()}
                </select>
                <button type="submit" class="button button-secondary">{t.add_field_button}</button>
            </form>
            <h3>{t.documents_heading}</h3>
            {documents}
            <p><a class="button button-secondary" href=format!("/staff/services/drafts/{}/document", d.id)>{t.add_document}</a></p>
        </section>
    }
}

fn publish_section(t: &'static ServiceTexts, lang: Lang, d: &Draft, me: i64) -> impl IntoView {
    let errors = auth_texts(lang);
    let blocker = check_publishable(&d.service).err().or_else(|| may_publish(d, me).err());
    let readiness = blocker.map(|p| {
        view! {
            <div class="notice" role="status">
                <p>{t.not_ready}" "{(errors.error)(&AppError::Problem(p))}</p>
            </div>
        }
    });
    view! {
        <section id="publish">
            <h2>{t.publish_heading}</h2>
            <p>{t.publish_lead}</p>
            {d.is_new.then(|| view! { <p class="hint">{t.second_admin_note}</p> })}
            {readiness}
            <div class="button-row">
                <form method="post" action="/api/staff/services/draft/publish">
                    {draft_inputs(d)}
                    <button type="submit" class="button">{t.publish_button}</button>
                </form>
                <form method="post" action="/api/staff/services/draft/discard">
                    {draft_inputs(d)}
                    <button type="submit" class="button button-secondary">{t.discard_button}</button>
                </form>
            </div>
        </section>
    }
}

/// `/staff/services/drafts/:id/field?name=` (change) or `?kind=` (add).
#[component]
pub fn DraftFieldPage() -> impl IntoView {
    let lang = request_lang();
    let t = service_texts(lang);
    if page_account().is_none() {
        return view! { <SignInRequired /> }.into_any();
    }
    let id = draft_id_param();
    let (name, kind) = (query_param("name").unwrap_or_default(), query_param("kind").unwrap_or_default());
    let state = state();
    let caller = authorize(Access::Roles(SERVICE_ROLES));
    let load = async move { services::load_draft(&state?, &caller?, id).await };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let d = match load.await {
                    Ok(d) => d,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                let existing = d.service.form.fields.iter().find(|f| f.name == name.trim()).cloned();
                if existing.is_none() && !name.trim().is_empty() {
                    return view! { <LoadError error=AppError::Problem(Problem::FieldUnknown) /> }.into_any();
                }
                let kind = existing.as_ref().map(|f| kind_code(&f.kind).to_string()).unwrap_or(kind);
                if !FIELD_KINDS.contains(&kind.as_str()) {
                    return view! { <LoadError error=AppError::Problem(Problem::FieldKindInvalid) /> }.into_any();
                }
                let heading = if existing.is_some() { t.field_change } else { t.field_new };
                let f = existing.clone();
                let get = |pick: fn(&crate::catalogue::model::FormField) -> String| f.as_ref().map(pick).unwrap_or_default();
                let settings = kind_settings(t, &kind, f.as_ref().map(|f| &f.kind));
                view! {
                    <Title text=format!("{heading} – Mlango") />
                    <p><a href=format!("/staff/services/drafts/{}#form", d.id)>{t.cancel}</a></p>
                    <h1>{heading}": "{(t.kind)(&kind)}</h1>
                    <FormError endpoints=ENDPOINTS />
                    <form method="post" action="/api/staff/services/draft/field" class="stack">
                        {draft_inputs(&d)}
                        <input type="hidden" name="original" value=get(|f| f.name.clone()) />
                        <input type="hidden" name="kind" value=kind.clone() />
                        <div class="field">
                            <label for="label_en">{t.label_en}</label>
                            <input id="label_en" name="label_en" type="text" required=true maxlength="200" value=get(|f| f.label.en.clone()) />
                        </div>
                        <div class="field">
                            <label for="label_sw">{t.label_sw}</label>
                            <input id="label_sw" name="label_sw" type="text" maxlength="200" value=get(|f| f.label.sw.clone()) />
                        </div>
                        <div class="field">
                            <label for="field-name">{t.field_name_label}</label>
                            <p class="hint" id="field-name-hint">{t.field_name_hint}</p>
                            <input id="field-name" name="name" type="text" required=true maxlength="48" autocomplete="off" aria-describedby="field-name-hint" value=get(|f| f.name.clone()) />
                        </div>
                        <div class="field">
                            <label for="hint_en">{t.hint_en}</label>
                            <input id="hint_en" name="hint_en" type="text" maxlength="300" value=get(|f| f.hint.as_ref().map(|h| h.en.clone()).unwrap_or_default()) />
                        </div>
                        <div class="field">
                            <label for="hint_sw">{t.hint_sw}</label>
                            <input id="hint_sw" name="hint_sw" type="text" maxlength="300" value=get(|f| f.hint.as_ref().map(|h| h.sw.clone()).unwrap_or_default()) />
                        </div>
                        <div class="checkbox">
                            <input id="required" name="required" type="checkbox" value="yes" checked=f.as_ref().is_none_or(|f| f.required) />
                            <label for="required">{t.required_label}</label>
                        </div>
                        {settings}
                        <button type="submit" class="button">{t.save_field}</button>
                    </form>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}

/// The inputs a kind of field has beyond its label, prefilled from the field being changed.
fn kind_settings(t: &'static ServiceTexts, kind: &str, current: Option<&FieldKind>) -> impl IntoView {
    let input = |id: &'static str, label: &'static str, value: String| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=id type="text" inputmode="numeric" value=value />
            </div>
        }
    };
    match kind {
        "text" => {
            let (min, max) = match current {
                Some(FieldKind::Text { min_len, max_len }) => (min_len.to_string(), max_len.to_string()),
                _ => ("1".into(), "100".into()),
            };
            view! { {input("min_len", t.min_len, min)} {input("max_len", t.max_len, max)} }.into_any()
        }
        "long_text" => {
            let max = match current {
                Some(FieldKind::LongText { max_len }) => max_len.to_string(),
                _ => "1000".into(),
            };
            input("max_len", t.max_len, max).into_any()
        }
        "number" => {
            let (min, max) = match current {
                Some(FieldKind::Number { min, max }) => (min.to_string(), max.to_string()),
                _ => ("0".into(), "100".into()),
            };
            view! { {input("min", t.min, min)} {input("max", t.max, max)} }.into_any()
        }
        "date" => {
            let rule = match current {
                Some(FieldKind::Date { not_in_future: true, .. }) => "past",
                Some(FieldKind::Date { not_in_past: true, .. }) => "future",
                _ => "any",
            };
            let radio = |value: &'static str, label: &'static str| {
                let id = format!("date-{value}");
                view! {
                    <div class="radio">
                        <input id=id.clone() name="date_rule" type="radio" value=value checked=rule == value />
                        <label for=id>{label}</label>
                    </div>
                }
            };
            view! {
                <fieldset>
                    <legend>{t.date_rule_label}</legend>
                    {radio("any", t.date_any)}
                    {radio("past", t.date_past)}
                    {radio("future", t.date_future)}
                </fieldset>
            }
            .into_any()
        }
        "choice" => {
            let text = match current {
                Some(FieldKind::Choice { options }) => options_text(options),
                _ => String::new(),
            };
            view! {
                <div class="field">
                    <label for="options">{t.options_label}</label>
                    <p class="hint" id="options-hint">{t.options_hint}</p>
                    <textarea id="options" name="options" rows="5" required=true aria-describedby="options-hint">{text}</textarea>
                </div>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

/// `/staff/services/drafts/:id/document?code=` (change) or no code (add).
#[component]
pub fn DraftDocumentPage() -> impl IntoView {
    let lang = request_lang();
    let t = service_texts(lang);
    if page_account().is_none() {
        return view! { <SignInRequired /> }.into_any();
    }
    let id = draft_id_param();
    let code = query_param("code").unwrap_or_default();
    let state = state();
    let caller = authorize(Access::Roles(SERVICE_ROLES));
    let load = async move { services::load_draft(&state?, &caller?, id).await };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let d = match load.await {
                    Ok(d) => d,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                let existing = d.service.form.documents.iter().find(|x| x.code == code.trim()).cloned();
                if existing.is_none() && !code.trim().is_empty() {
                    return view! { <LoadError error=AppError::Problem(Problem::FieldUnknown) /> }.into_any();
                }
                let heading = if existing.is_some() { t.document_change } else { t.document_new };
                let doc = existing.clone();
                let accepts = |ty: DocumentType| doc.as_ref().is_some_and(|x| x.accepted.contains(&ty));
                let type_box = |name: &'static str, ty: DocumentType| {
                    let id = format!("type-{name}");
                    view! {
                        <div class="checkbox">
                            <input id=id.clone() name=name type="checkbox" value="yes" checked=accepts(ty) />
                            <label for=id>{ty.label()}</label>
                        </div>
                    }
                };
                view! {
                    <Title text=format!("{heading} – Mlango") />
                    <p><a href=format!("/staff/services/drafts/{}#form", d.id)>{t.cancel}</a></p>
                    <h1>{heading}</h1>
                    <FormError endpoints=ENDPOINTS />
                    <form method="post" action="/api/staff/services/draft/document" class="stack">
                        {draft_inputs(&d)}
                        <input type="hidden" name="original" value=doc.as_ref().map(|x| x.code.clone()).unwrap_or_default() />
                        <div class="field">
                            <label for="label_en">{t.label_en}</label>
                            <input id="label_en" name="label_en" type="text" required=true maxlength="200" value=doc.as_ref().map(|x| x.label.en.clone()).unwrap_or_default() />
                        </div>
                        <div class="field">
                            <label for="label_sw">{t.label_sw}</label>
                            <input id="label_sw" name="label_sw" type="text" maxlength="200" value=doc.as_ref().map(|x| x.label.sw.clone()).unwrap_or_default() />
                        </div>
                        <div class="field">
                            <label for="doc-code">{t.field_name_label}</label>
                            <p class="hint" id="doc-code-hint">{t.field_name_hint}</p>
                            <input id="doc-code" name="code" type="text" required=true maxlength="48" autocomplete="off" aria-describedby="doc-code-hint" value=doc.as_ref().map(|x| x.code.clone()).unwrap_or_default() />
                        </div>
                        <div class="checkbox">
                            <input id="required" name="required" type="checkbox" value="yes" checked=doc.as_ref().is_none_or(|x| x.required) />
                            <label for="required">{t.document_required}</label>
                        </div>
                        <fieldset>
                            <legend>{t.accepted_label}</legend>
                            {type_box("pdf", DocumentType::Pdf)}
                            {type_box("jpeg", DocumentType::Jpeg)}
                            {type_box("png", DocumentType::Png)}
                        </fieldset>
                        <div class="field">
                            <label for="max_mb">{t.max_mb_label}</label>
                            <input id="max_mb" name="max_mb" type="text" inputmode="numeric" required=true value=doc.as_ref().map(|x| (x.max_bytes / (1024 * 1024)).max(1).to_string()).unwrap_or("2".into()) />
                        </div>
                        <button type="submit" class="button">{t.save_document}</button>
                    </form>
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
