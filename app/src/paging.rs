//! Lists read a page at a time by key (keyset pagination): a page is the rows just past a
//! cursor — the sort key and id of the row at the page's edge — never "skip the first N",
//! which reads and throws away N rows and so slows down as the table grows. Links carry the
//! cursor in the address (`?before=` / `?after=`), so paging works without JavaScript and
//! keeps the page's filters.
//!
//! `before` and `after` speak of the sort key: `before=K` reads rows whose key is below K,
//! `after=K` rows above it. For a list shown newest first, "Next" is `before` the last row
//! shown; for one shown soonest first (the officer's queue), "Next" is `after` it.

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Seek<C> {
    /// The first page.
    #[default]
    First,
    /// Rows whose key is below the cursor.
    Before(C),
    /// Rows whose key is above the cursor.
    After(C),
}

impl<C> Seek<C> {
    /// Reads the `before` and `after` query values (empty means absent); `None` when a value
    /// is not a cursor or both are given.
    pub fn parse(before: Option<&str>, after: Option<&str>, decode: impl Fn(&str) -> Option<C>) -> Option<Seek<C>> {
        let nonempty = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        match (nonempty(before), nonempty(after)) {
            (None, None) => Some(Seek::First),
            (Some(b), None) => decode(&b).map(Seek::Before),
            (None, Some(a)) => decode(&a).map(Seek::After),
            (Some(_), Some(_)) => None,
        }
    }

    /// Whether the page is read in the order it is shown (from the first page, or onwards
    /// from a cursor). Otherwise the store reads back towards the start and hands the rows
    /// over in display order.
    pub fn forward(&self, descending: bool) -> bool {
        match self {
            Seek::First => true,
            Seek::Before(_) => descending,
            Seek::After(_) => !descending,
        }
    }

    /// The cursor, if any.
    pub fn cursor(&self) -> Option<&C> {
        match self {
            Seek::First => None,
            Seek::Before(c) | Seek::After(c) => Some(c),
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The rows, in display order.
    pub rows: Vec<T>,
    /// Whether rows come before the first one shown.
    pub has_prev: bool,
    /// Whether rows come after the last one shown.
    pub has_next: bool,
}

/// Makes a page of `size` rows from what the store read for `seek`: up to `size + 1` rows in
/// display order, the extra one (if any) at the far end of travel, which says there is more.
pub fn page<T, C>(mut rows: Vec<T>, seek: &Seek<C>, descending: bool, size: usize) -> Page<T> {
    let more = rows.len() > size;
    if seek.forward(descending) {
        rows.truncate(size);
        Page { rows, has_prev: !matches!(seek, Seek::First), has_next: more }
    } else {
        if more {
            rows.drain(..rows.len() - size);
        }
        // A page read backwards that reached the start is the first page.
        Page { rows, has_prev: more, has_next: true }
    }
}

impl<T> Page<T> {
    /// The query pairs of the links to the previous and next pages, from the cursors of the
    /// first and last rows (`key` encodes a row's cursor).
    pub fn links(&self, descending: bool, key: impl Fn(&T) -> String) -> PageLinks {
        let (back, on) = if descending { ("after", "before") } else { ("before", "after") };
        PageLinks {
            prev: self.rows.first().filter(|_| self.has_prev).map(|r| (back, key(r))),
            next: self.rows.last().filter(|_| self.has_next).map(|r| (on, key(r))),
        }
    }
}

/// Query pairs (`before`/`after`, cursor) for the links to the neighbouring pages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageLinks {
    /// To the previous page.
    pub prev: Option<(&'static str, String)>,
    /// To the next page.
    pub next: Option<(&'static str, String)>,
}

/// A cursor of a time (unix seconds) and an id, written `1767225600.42`.
pub fn encode_pair(c: (i64, i64)) -> String {
    format!("{}.{}", c.0, c.1)
}

/// Reads [`encode_pair`]: both parts whole numbers, the id positive.
pub fn decode_pair(s: &str) -> Option<(i64, i64)> {
    let (key, id) = s.split_once('.')?;
    let digits = |v: &str| !v.is_empty() && v.len() <= 19 && v.bytes().all(|b| b.is_ascii_digit());
    if !digits(key) || !digits(id) {
        return None;
    }
    let id: i64 = id.parse().ok().filter(|n| *n > 0)?;
    Some((key.parse().ok()?, id))
}

/// Reads an id cursor (a positive whole number).
pub fn decode_id(s: &str) -> Option<i64> {
    s.parse::<i64>().ok().filter(|n| *n > 0)
}

/// The links under a list: "previous" and "next", as plain links (the `nav` is left out when
/// there is only one page).
#[cfg(feature = "ssr")]
#[leptos::component]
pub fn Pager(
    /// The address of the previous page, if there is one.
    prev: Option<String>,
    /// The address of the next page, if there is one.
    next: Option<String>,
    /// The link to the previous page.
    prev_label: &'static str,
    /// The link to the next page.
    next_label: &'static str,
    /// What the `nav` is, for screen readers.
    label: &'static str,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    (prev.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="pagination" aria-label=label>
                {prev.map(|href| view! { <a rel="prev" href=href>{"← "}{prev_label}</a> })}
                {next.map(|href| view! { <a rel="next" href=href>{next_label}{" →"}</a> })}
            </nav>
        }
    })
}

/// `path?query` with `pairs` (empty values dropped) and the page link's pair last.
#[cfg(feature = "ssr")]
pub fn href(path: &str, pairs: &[(&str, String)], page: Option<&(&'static str, String)>) -> Option<String> {
    let page = page?;
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().filter(|(_, v)| !v.trim().is_empty()).map(|(k, v)| (*k, v.as_str())))
        .append_pair(page.0, &page.1)
        .finish();
    Some(format!("{path}?{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a store does: the rows past the cursor in the direction of travel, up to `limit`,
    /// handed over in display order.
    fn read(all: &[(i64, i64)], seek: &Seek<(i64, i64)>, descending: bool, limit: usize) -> Vec<(i64, i64)> {
        let mut shown: Vec<(i64, i64)> = all.to_vec();
        shown.sort();
        if descending {
            shown.reverse();
        }
        let mut rows: Vec<(i64, i64)> = match seek {
            Seek::First => shown.iter().take(limit).copied().collect(),
            Seek::Before(c) => {
                let mut below: Vec<_> = shown.iter().filter(|r| *r < c).copied().collect();
                if !descending {
                    below.reverse();
                }
                below.into_iter().take(limit).collect()
            }
            Seek::After(c) => {
                let mut above: Vec<_> = shown.iter().filter(|r| *r > c).copied().collect();
                if descending {
                    above.reverse();
                }
                above.into_iter().take(limit).collect()
            }
        };
        if !seek.forward(descending) {
            rows.reverse();
        }
        rows
    }

    /// Rows seen going forwards, and the pages they came on.
    type Walked = (Vec<(i64, i64)>, Vec<Page<(i64, i64)>>);

    fn walk(all: &[(i64, i64)], descending: bool, size: usize) -> Walked {
        let mut seen = Vec::new();
        let mut pages = Vec::new();
        let mut seek = Seek::First;
        loop {
            let p = page(read(all, &seek, descending, size + 1), &seek, descending, size);
            seen.extend(p.rows.iter().copied());
            let links = p.links(descending, |r| encode_pair(*r));
            pages.push(p);
            let Some((way, cursor)) = links.next else { break };
            let c = decode_pair(&cursor).unwrap();
            seek = if way == "before" { Seek::Before(c) } else { Seek::After(c) };
        }
        (seen, pages)
    }

    #[test]
    fn cursors_are_read_strictly() {
        assert_eq!(Seek::parse(None, Some(" "), decode_pair), Some(Seek::First));
        assert_eq!(Seek::parse(Some("17.3"), None, decode_pair), Some(Seek::Before((17, 3))));
        assert_eq!(Seek::parse(None, Some("0.9"), decode_pair), Some(Seek::After((0, 9))));
        assert_eq!(Seek::parse(Some("1.1"), Some("2.2"), decode_pair), None, "both ways at once");
        for bad in ["17", "17.0", "-1.2", "1.-2", "a.1", "1.2.3", "1. 2", "99999999999999999999.1"] {
            assert_eq!(Seek::parse(Some(bad), None, decode_pair), None, "{bad}");
        }
        assert_eq!(Seek::parse(Some("42"), None, decode_id), Some(Seek::Before(42)));
        assert_eq!(Seek::parse(Some("0"), None, decode_id), None);
    }

    #[test]
    fn links_point_the_right_way_for_each_order() {
        let p = Page { rows: vec![(5, 1), (4, 2)], has_prev: true, has_next: true };
        let l = p.links(true, |r| encode_pair(*r));
        assert_eq!(l.prev, Some(("after", "5.1".to_string())));
        assert_eq!(l.next, Some(("before", "4.2".to_string())));
        let l = p.links(false, |r| encode_pair(*r));
        assert_eq!((l.prev.unwrap().0, l.next.unwrap().0), ("before", "after"));
        let first = Page { rows: vec![(1, 1)], has_prev: false, has_next: false };
        assert_eq!(first.links(true, |r| encode_pair(*r)), PageLinks::default());
        #[cfg(feature = "ssr")]
        assert_eq!(
            href("/x", &[("q", "a b".into()), ("kind", String::new())], Some(&("before", "4.2".into()))),
            Some("/x?q=a+b&before=4.2".into())
        );
    }

    #[test]
    fn ties_on_the_key_are_split_by_id() {
        // Five rows on one time, two pages of two and one of one, both orders.
        let all: Vec<(i64, i64)> = (1..=5).map(|id| (100, id)).collect();
        for descending in [true, false] {
            let (seen, pages) = walk(&all, descending, 2);
            assert_eq!(pages.len(), 3);
            let mut sorted = seen.clone();
            sorted.sort();
            assert_eq!(sorted, all, "descending {descending}");
        }
    }

    proptest! {
        #[test]
        fn walking_forwards_then_back_shows_every_row_once_in_order(
            keys in proptest::collection::vec(0i64..6, 0..40),
            size in 1usize..7,
            descending in any::<bool>(),
        ) {
            let all: Vec<(i64, i64)> = keys.iter().enumerate().map(|(i, k)| (*k, i as i64 + 1)).collect();
            let (seen, pages) = walk(&all, descending, size);
            let mut expected = all.clone();
            expected.sort();
            if descending {
                expected.reverse();
            }
            prop_assert_eq!(&seen, &expected);
            prop_assert!(pages.iter().all(|p| p.rows.len() <= size));
            prop_assert!(!pages[0].has_prev);
            // Back from the last page, "previous" gives each earlier page again, exactly.
            let mut back = pages.last().unwrap().clone();
            for earlier in pages.iter().rev().skip(1) {
                let links = back.links(descending, |r| encode_pair(*r));
                let (way, cursor) = links.prev.unwrap();
                let c = decode_pair(&cursor).unwrap();
                let seek = if way == "before" { Seek::Before(c) } else { Seek::After(c) };
                back = page(read(&all, &seek, descending, size + 1), &seek, descending, size);
                prop_assert_eq!(&back.rows, &earlier.rows);
            }
        }
    }
}
