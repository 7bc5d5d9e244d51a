//! Citizen pages of the catalogue: home, agencies, agency, service and search results.
//! They read the in-memory catalogue directly (server-rendered only; no wasm).

use super::index::Catalogue;
use super::model::{Agency, AgencyKind, Category, FieldKind, Service};
use crate::app::{NotFound, SearchForm};
use crate::i18n::{Lang, Texts};
use crate::ssr::{query_param, request_lang, set_status, state};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

/// Results per page on agency and search pages.
pub const PAGE_SIZE: usize = 20;
/// Highest page number we accept; deeper than this nobody browses.
const MAX_PAGE: usize = 1000;

fn kind_label(t: &Texts, kind: AgencyKind) -> &'static str {
    match kind {
        AgencyKind::Ministry => t.kind_ministry,
        AgencyKind::StateDepartment => t.kind_state_department,
        AgencyKind::StateAgency => t.kind_state_agency,
        AgencyKind::Constitutional => t.kind_constitutional,
        AgencyKind::County => t.kind_county,
    }
}

/// The translated name of a category.
pub fn category_label(t: &Texts, c: Category) -> &'static str {
    let i = Category::ALL.iter().position(|x| *x == c).unwrap_or(Category::ALL.len() - 1);
    t.categories[i]
}

/// Reads `?page=`; `None` when it is not a page number we serve.
fn requested_page() -> Option<usize> {
    match query_param("page") {
        None => Some(1),
        Some(p) if p.trim().is_empty() => Some(1),
        Some(p) => p.trim().parse::<usize>().ok().filter(|p| (1..=MAX_PAGE).contains(p)),
    }
}

fn page_count(total: usize) -> usize {
    total.div_ceil(PAGE_SIZE).max(1)
}

/// A page the server could not build; shows a reference instead of internals.
#[component]
fn ErrorPage(error: crate::error::AppError) -> impl IntoView {
    set_status(error.status_code());
    let t = request_lang().t();
    let reference = match &error {
        crate::error::AppError::Internal { reference } | crate::error::AppError::Unavailable { reference } => {
            reference.clone()
        }
        _ => String::new(),
    };
    view! {
        <Title text=format!("{} – Mlango", t.error_heading) />
        <h1>{t.error_heading}</h1>
        <p>{(t.error_text)(&reference)}</p>
    }
}

/// "Home › … › this page", with the current page marked for screen readers.
#[component]
fn Breadcrumbs(
    /// Links between Home and the current page: (href, label).
    trail: Vec<(String, String)>,
    /// The current page's title.
    current: String,
) -> impl IntoView {
    let t = request_lang().t();
    let links = trail.into_iter().map(|(href, label)| view! { <li><a href=href>{label}</a></li> }).collect_view();
    view! {
        <nav class="breadcrumbs" aria-label=t.breadcrumb_label>
            <ol>
                <li><a href="/">{t.nav_home}</a></li>
                {links}
                <li aria-current="page">{current}</li>
            </ol>
        </nav>
    }
}

/// A list of services as cards.
#[component]
fn ServiceList(catalogue: Arc<super::ports::LiveCatalogue>, services: Vec<Arc<Service>>, lang: Lang) -> impl IntoView {
    let t = lang.t();
    let cards = services
        .into_iter()
        .map(|s| {
            let agency =
                catalogue.catalogue.agency(s.agency.as_str()).map(|a| a.name.get(lang).to_string()).unwrap_or_default();
            let from = s.fees.from_amount();
            let fee = if from.minor == 0 && s.fees.variants.len() == 1 {
                t.free.to_string()
            } else if s.fees.variants.len() > 1 {
                format!("{} {}", t.fee_from, from)
            } else {
                from.to_string()
            };
            view! {
                <li class="service-card">
                    <h3><a href=format!("/services/{}", s.code)>{s.name.get(lang).to_string()}</a></h3>
                    <p class="card-agency">{agency}</p>
                    <p class="card-facts">
                        <span class="fact">{fee}</span>
                        <span class="fact">{(t.working_days)(s.timeline_days)}</span>
                        <span class="fact category">{category_label(t, s.category)}</span>
                    </p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="service-list">{cards}</ul> }
}

/// Previous/next links and "page x of y".
#[component]
fn Pagination(base: String, page: usize, pages: usize, lang: Lang) -> impl IntoView {
    let t = lang.t();
    let sep = if base.contains('?') { '&' } else { '?' };
    let link = move |p: usize| format!("{base}{sep}page={p}");
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=t.pagination_label>
                {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{"← "}{t.previous_page}</a> })}
                <span aria-current="page">{(t.page_of)(page as u64, pages as u64)}</span>
                {(page < pages).then(|| view! { <a rel="next" href=link(page + 1)>{t.next_page}{" →"}</a> })}
            </nav>
        }
    })
}

fn agency_cards(catalogue: &Catalogue, agencies: Vec<&Arc<Agency>>, lang: Lang) -> impl IntoView + use<> {
    let t = lang.t();
    let items = agencies
        .into_iter()
        .map(|a| {
            let n = catalogue.service_count(&a.code) as u64;
            view! {
                <li>
                    <a href=format!("/agencies/{}", a.code)>{a.name.get(lang).to_string()}</a>
                    <span class="count">{(t.services_count)(n)}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="agency-list">{items}</ul> }
}

/// Home: search, popular services and the main agencies.
#[component]
pub fn HomePage() -> impl IntoView {
    let lang = request_lang();
    let t = lang.t();
    let live = match state() {
        Ok(s) => s.catalogue.current(),
        Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
    };
    let c = &live.catalogue;
    let popular: Vec<Arc<Service>> = c.popular_across_agencies(8).into_iter().cloned().collect();
    let national: Vec<&Arc<Agency>> = {
        let mut busiest: Vec<&Arc<Agency>> = c.agencies().iter().filter(|a| a.kind != AgencyKind::County).collect();
        busiest.sort_by_key(|a| std::cmp::Reverse(c.service_count(&a.code)));
        busiest.truncate(12);
        busiest.sort_by(|a, b| a.name.get(lang).cmp(b.name.get(lang)));
        busiest
    };
    let counties: Vec<&Arc<Agency>> = c.agencies_of_kind(AgencyKind::County).collect();
    let national_view = agency_cards(c, national, lang);
    let county_view = agency_cards(c, counties, lang);
    view! {
        <Title text=format!("Mlango – {}", t.tagline) />
        <Meta name="description" content=t.home_lead />
        <section class="hero">
            <h1>{t.home_heading}</h1>
            <p class="lead">{t.home_lead}</p>
            <SearchForm big=true />
        </section>
        <section aria-labelledby="popular-heading">
            <h2 id="popular-heading">{t.popular_heading}</h2>
            <ServiceList catalogue=live.clone() services=popular lang=lang />
        </section>
        <section aria-labelledby="agencies-heading">
            <h2 id="agencies-heading">{t.agencies_heading}</h2>
            {national_view}
            <p><a href="/agencies" class="more">{t.see_all_agencies}" →"</a></p>
            <h3>{t.kind_county}</h3>
            {county_view}
        </section>
    }
    .into_any()
}

/// Every agency, grouped by kind.
#[component]
pub fn AgenciesPage() -> impl IntoView {
    let lang = request_lang();
    let t = lang.t();
    let live = match state() {
        Ok(s) => s.catalogue.current(),
        Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
    };
    let c = &live.catalogue;
    let groups = AgencyKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let list: Vec<&Arc<Agency>> = c.agencies_of_kind(kind).collect();
            (!list.is_empty()).then(|| {
                let id = format!("kind-{}", kind.as_str());
                let labelledby = id.clone();
                view! {
                    <section aria-labelledby=labelledby>
                        <h2 id=id>{kind_label(t, kind)}</h2>
                        {agency_cards(c, list, lang)}
                    </section>
                }
            })
        })
        .collect_view();
    view! {
        <Title text=format!("{} – Mlango", t.agencies_heading) />
        <h1>{t.agencies_heading}</h1>
        <p class="lead">{t.agencies_lead}</p>
        {groups}
    }
    .into_any()
}

/// One agency and its services, paginated.
#[component]
pub fn AgencyPage() -> impl IntoView {
    let lang = request_lang();
    let t = lang.t();
    let code = use_params_map().with_untracked(|p| p.get("code")).unwrap_or_default();
    let live = match state() {
        Ok(s) => s.catalogue.current(),
        Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
    };
    let Some(agency) = live.catalogue.agency(&code).cloned() else {
        return view! { <NotFound /> }.into_any();
    };
    let Some(page) = requested_page() else {
        return view! { <NotFound /> }.into_any();
    };
    let (total, services) = live.catalogue.services_of(&agency.code, (page - 1) * PAGE_SIZE, PAGE_SIZE);
    if services.is_empty() && page > 1 {
        return view! { <NotFound /> }.into_any();
    }
    let services: Vec<Arc<Service>> = services.into_iter().cloned().collect();
    let name = agency.name.get(lang).to_string();
    view! {
        <Title text=format!("{name} – Mlango") />
        <Breadcrumbs trail=vec![("/agencies".into(), t.nav_agencies.into())] current=name.clone() />
        <h1>{name}</h1>
        <p class="lead">{agency.description.get(lang).to_string()}</p>
        {agency.website.clone().map(|w| view! { <p>{t.website}": "<a href=w.clone() rel="external">{w.clone()}</a></p> })}
        <h2>{t.agency_services_heading}" "<span class="count">"("{(t.services_count)(total as u64)}")"</span></h2>
        <ServiceList catalogue=live.clone() services=services lang=lang />
        <Pagination base=format!("/agencies/{}", agency.code) page=page pages=page_count(total) lang=lang />
    }
    .into_any()
}

/// The choices of a choice field, shown so citizens know the options before they start.
fn describe_field(lang: Lang, kind: &FieldKind) -> Option<String> {
    match kind {
        FieldKind::Choice { options } => {
            Some(options.iter().map(|o| o.label.get(lang).to_string()).collect::<Vec<_>>().join(" · "))
        }
        _ => None,
    }
}

/// A service: cost (itemised, with the convenience fee), timeline, requirements, form, how to apply.
#[component]
pub fn ServicePage() -> impl IntoView {
    let lang = request_lang();
    let t = lang.t();
    let code = use_params_map().with_untracked(|p| p.get("code")).unwrap_or_default();
    let app = match state() {
        Ok(s) => s,
        Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
    };
    let live = app.catalogue.current();
    let Some(service) = live.catalogue.service(&code).cloned() else {
        return view! { <NotFound /> }.into_any();
    };
    let Some(agency) = live.catalogue.agency(service.agency.as_str()).cloned() else {
        return view! { <NotFound /> }.into_any();
    };
    let name = service.name.get(lang).to_string();
    let agency_name = agency.name.get(lang).to_string();
    let is_free = service.fees.variants.iter().all(|v| v.amount_minor == 0);
    let rows = service
        .fees
        .variants
        .iter()
        .map(|v| {
            let q = app.fees.quote(service.fees.amount(v), service.fees.convenience_fee_waived);
            view! {
                <tr>
                    <th scope="row">{v.label.get(lang).to_string()}</th>
                    <td class="num">{q.fee.to_string()}</td>
                    <td class="num">{q.convenience.to_string()}</td>
                    <td class="num total">{q.total.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let requirements = service.requirements.iter().map(|r| view! { <li>{r.get(lang).to_string()}</li> }).collect_view();
    let documents = service
        .form
        .documents
        .iter()
        .map(|d| {
            let types = d.accepted.iter().map(|x| x.label()).collect::<Vec<_>>().join(", ");
            view! {
                <li>
                    {d.label.get(lang).to_string()}
                    {(!d.required).then(|| view! { " " <span class="tag">"("{t.optional}")"</span> })}
                    <span class="hint">{(t.document_rules)(&types, d.max_bytes)}</span>
                </li>
            }
        })
        .collect_view();
    let fields = service
        .form
        .fields
        .iter()
        .map(|f| {
            let detail = describe_field(lang, &f.kind);
            view! {
                <li>
                    {f.label.get(lang).to_string()}
                    {(!f.required).then(|| view! { " " <span class="tag">"("{t.optional}")"</span> })}
                    {f.hint.as_ref().map(|h| view! { <span class="hint">{h.get(lang).to_string()}</span> })}
                    {detail.map(|d| view! { <span class="hint">{d}</span> })}
                </li>
            }
        })
        .collect_view();
    let in_person: Vec<_> = service.in_person_steps.iter().map(|s| s.get(lang).to_string()).collect();
    let has_docs = !service.form.documents.is_empty();
    let has_fields = !service.form.fields.is_empty();
    let has_reqs = !service.requirements.is_empty();
    let days = service.timeline_days;
    view! {
        <Title text=format!("{name} – {agency_name} – Mlango") />
        <Meta name="description" content=service.summary.get(lang).to_string() />
        <Breadcrumbs trail=vec![(format!("/agencies/{}", agency.code), agency_name.clone())] current=name.clone() />
        <span class="caption">{category_label(t, service.category)}</span>
        <h1>{name}</h1>
        <p class="lead">{service.summary.get(lang).to_string()}</p>
        <dl class="summary-list">
            <div><dt>{t.offered_by}</dt><dd><a href=format!("/agencies/{}", agency.code)>{agency_name}</a></dd></div>
            <div><dt>{t.service_code}</dt><dd><code>{service.code.to_string()}</code></dd></div>
            <div><dt>{t.timeline_heading}</dt><dd>{(t.working_days)(days)}</dd></div>
        </dl>
        <section aria-labelledby="cost-heading">
            <h2 id="cost-heading">{t.cost_heading}</h2>
            <div class="table-wrap">
                <table class="cost-table">
                    <thead>
                        <tr>
                            <th scope="col">{t.cost_option}</th>
                            <th scope="col" class="num">{t.cost_fee}</th>
                            <th scope="col" class="num">{t.cost_convenience}</th>
                            <th scope="col" class="num">{t.cost_total}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="hint">
                {if service.fees.convenience_fee_waived { t.convenience_waived } else { t.convenience_note }}
            </p>
        </section>
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t.timeline_heading}</h2>
            <p>{(t.timeline_note)(days)}</p>
        </section>
        {has_reqs.then(|| view! {
            <section aria-labelledby="requirements-heading">
                <h2 id="requirements-heading">{t.requirements_heading}</h2>
                <ul class="bullets">{requirements}</ul>
            </section>
        })}
        {has_docs.then(|| view! {
            <section aria-labelledby="documents-heading">
                <h2 id="documents-heading">{t.documents_heading}</h2>
                <ul class="bullets">{documents}</ul>
            </section>
        })}
        {has_fields.then(|| view! {
            <section aria-labelledby="form-heading">
                <h2 id="form-heading">{t.form_heading}</h2>
                <ul class="bullets">{fields}</ul>
            </section>
        })}
        {(!in_person.is_empty()).then(|| view! {
            <section aria-labelledby="in-person-heading">
                <h2 id="in-person-heading">{t.in_person_heading}</h2>
                <ol class="steps">{in_person.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol>
            </section>
        })}
        <section aria-labelledby="apply-heading">
            <h2 id="apply-heading">{t.how_to_apply_heading}</h2>
            <ol class="steps">
                <li>{t.step_sign_in}</li>
                <li>{t.step_fill_form}</li>
                <li>{if is_free { t.step_no_payment } else { t.step_pay }}</li>
                <li>{(t.step_outcome)(days)}</li>
            </ol>
            <p><a class="button" href=format!("/services/{}/apply", service.code)>{crate::applications::texts::app_texts(lang).apply}</a></p>
        </section>
    }
    .into_any()
}

/// Search results with pagination.
#[component]
pub fn SearchPage() -> impl IntoView {
    let lang = request_lang();
    let t = lang.t();
    let query: String =
        query_param("q").unwrap_or_default().chars().take(super::search_text::MAX_QUERY_CHARS).collect();
    let query = query.trim().to_string();
    let live = match state() {
        Ok(s) => s.catalogue.current(),
        Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
    };
    let Some(page) = requested_page() else {
        return view! { <NotFound /> }.into_any();
    };
    let title =
        if query.is_empty() { t.results_heading.to_string() } else { format!("{query} – {}", t.results_heading) };
    if query.is_empty() {
        return view! {
            <Title text=format!("{title} – Mlango") />
            <h1>{t.results_heading}</h1>
            <SearchForm />
            <p>{t.empty_query}</p>
        }
        .into_any();
    }
    let hits = live.search.search(&query, None, (page - 1) * PAGE_SIZE, PAGE_SIZE);
    if hits.ids.is_empty() && page > 1 {
        return view! { <NotFound /> }.into_any();
    }
    let services: Vec<Arc<Service>> =
        hits.ids.iter().filter_map(|&id| live.catalogue.service_at(id).cloned()).collect();
    let encoded = form_urlencoded::Serializer::new(String::new()).append_pair("q", &query).finish();
    let body = if services.is_empty() {
        view! {
            <h2>{(t.no_results)(&query)}</h2>
            <p>{t.no_results_advice}</p>
            <p><a href="/agencies">{t.see_all_agencies}</a></p>
        }
        .into_any()
    } else {
        view! {
            <p class="result-count" role="status">{(t.results_count)(hits.total as u64, &query)}</p>
            <ServiceList catalogue=live.clone() services=services lang=lang />
            <Pagination base=format!("/search?{encoded}") page=page pages=page_count(hits.total) lang=lang />
        }
        .into_any()
    };
    view! {
        <Title text=format!("{title} – Mlango") />
        <h1>{t.results_heading}</h1>
        <SearchForm value=query.clone() />
        {body}
    }
    .into_any()
}
