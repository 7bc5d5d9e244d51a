//! `/account/messages`: every message Mlango sent the citizen, as sent, with where it is
//! (waiting, sent, delivered, not delivered) and by which channel, newest first, a page at a
//! time (`?before=` / `?after=` a position, see [`crate::paging`]).

use crate::accounts::pages::{AccountNav, LoadError, SignInRequired, eat};
use crate::accounts::session::page_account;
use crate::i18n::Lang;
use crate::paging::{Pager, Seek, decode_pair, encode_pair, href, page};
use crate::ssr::{query_param, request_lang, state};
use leptos::prelude::*;
use leptos_meta::Title;

/// Messages on one page.
pub const PAGE_SIZE: u32 = 50;

struct Words {
    heading: &'static str,
    lead: &'static str,
    empty: &'static str,
    when: &'static str,
    channel: &'static str,
    message: &'static str,
    status: &'static str,
    not_yet: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            heading: "Your messages",
            lead: "Every SMS and email Mlango has sent you, and whether it arrived. If an SMS cannot reach your phone, it is sent to your email.",
            empty: "No messages yet.",
            when: "When",
            channel: "By",
            message: "Message",
            status: "Status",
            not_yet: "Not sent yet.",
        },
        Lang::Sw => Words {
            heading: "Jumbe zako",
            lead: "Kila SMS na barua pepe ambayo Mlango imekutumia, na kama ilifika. SMS isipofika kwenye simu yako, hutumwa kwa barua pepe yako.",
            empty: "Bado hakuna jumbe.",
            when: "Lini",
            channel: "Kwa",
            message: "Ujumbe",
            status: "Hali",
            not_yet: "Bado haujatumwa.",
        },
    }
}

/// The status of a message in words.
fn status_words(lang: Lang, status: &str) -> &'static str {
    match (lang, status) {
        (Lang::En, "queued") => "Waiting to be sent",
        (Lang::En, "sent") => "Sent",
        (Lang::En, "delivered") => "Delivered",
        (Lang::En, _) => "Not delivered",
        (Lang::Sw, "queued") => "Unasubiri kutumwa",
        (Lang::Sw, "sent") => "Umetumwa",
        (Lang::Sw, "delivered") => "Umefika",
        (Lang::Sw, _) => "Haukufika",
    }
}

/// `/account/messages`.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let lang = request_lang();
    let w = words(lang);
    let Some(me) = page_account() else { return view! { <SignInRequired /> }.into_any() };
    let state = state();
    // A position that is not one (an edited address) shows the first page.
    let seek =
        Seek::parse(query_param("before").as_deref(), query_param("after").as_deref(), decode_pair).unwrap_or_default();
    let load = async move {
        let rows = state?
            .store
            .notices_page(me.id, &seek, PAGE_SIZE + 1)
            .await
            .map_err(crate::accounts::service::store_err)?;
        Ok::<_, crate::error::AppError>(page(rows, &seek, true, PAGE_SIZE as usize))
    };
    view! {
        <Title text=format!("{} – Mlango", w.heading) />
        <h1>{w.heading}</h1>
        <AccountNav />
        <p class="lead">{w.lead}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let notices = match load.await {
                    Ok(n) => n,
                    Err(e) => return view! { <LoadError error=e /> }.into_any(),
                };
                if notices.rows.is_empty() && !notices.has_prev {
                    return view! { <p>{w.empty}</p> }.into_any();
                }
                let links = notices.links(true, |n| encode_pair((n.created_at, n.id)));
                let here = "/account/messages";
                let (prev, next) = (href(here, &[], links.prev.as_ref()), href(here, &[], links.next.as_ref()));
                let t = lang.t();
                let rows = notices
                    .rows
                    .into_iter()
                    .map(|n| {
                        let channel = if n.channel == "email" { "Email" } else { "SMS" };
                        view! {
                            <tr data-status=n.status.clone()>
                                <td>{eat(n.created_at)}</td>
                                <td>{channel}</td>
                                <td>{n.body.unwrap_or_else(|| w.not_yet.to_string())}</td>
                                <td>{status_words(lang, &n.status)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="table">
                        <thead><tr>
                            <th scope="col">{w.when}</th>
                            <th scope="col">{w.channel}</th>
                            <th scope="col">{w.message}</th>
                            <th scope="col">{w.status}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <Pager prev next prev_label=t.previous_page next_label=t.next_page label=t.pagination_label />
                }
                .into_any()
            })}
        </Suspense>
    }
    .into_any()
}
