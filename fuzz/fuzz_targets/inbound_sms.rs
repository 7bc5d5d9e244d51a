//! Any bytes posted to `POST /callbacks/sms/inbound` (Africa's Talking's form post: from, to,
//! text, date, id, linkId) go through the pure SMS rules without a panic, and whatever command
//! comes out is one the replies can safely quote: a reference is short, plain ASCII, a rating
//! is 1 to 5, and every text costs at least one SMS part.
#![no_main]

use app::contact::PhoneNumber;
use app::notifications::two_way::{self, Command};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;

fuzz_target!(|data: &[u8]| {
    // Decoded exactly as server/src/sms_callbacks.rs `fields` does it.
    let f: HashMap<String, String> = form_urlencoded::parse(data).into_owned().collect();
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let (from, text, id) = (get("from"), get("text"), get("id"));
    let _ = id.trim().len();

    // The sender: a number that parses is canonical (`2547…`/`2541…`, 12 digits), parses to
    // itself again, and can be shown and masked (both slice it by byte).
    if let Ok(phone) = PhoneNumber::parse(&from) {
        let s = phone.as_str();
        assert!(s.len() == 12 && s.starts_with("254") && s.bytes().all(|b| b.is_ascii_digit()), "{s:?}");
        assert_eq!(PhoneNumber::parse(s).as_ref(), Ok(&phone));
        let _ = (phone.display(), phone.masked());
    }

    // The command, and the reply words it would be quoted in.
    let (command, lang) = two_way::parse(&text);
    let _ = command.code();
    let words = two_way::reply_texts(lang);
    match &command {
        Command::Status(r) | Command::Verify(r) => {
            assert!(
                !r.is_empty() && r.len() <= 40 && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "reference {r:?} from {text:?}"
            );
            let _ = two_way::segments(&(words.status_unknown)(r));
        }
        Command::Rate(n) => assert!((1..=5).contains(n), "score {n} from {text:?}"),
        Command::Help | Command::Unknown => {}
    }

    // The other pure rules, on the same untrusted text.
    let s = two_way::segments(&text);
    assert!(s.parts >= 1, "{s:?} for {text:?}");
    let _ = two_way::delivery(&text);
    let _ = two_way::initials(&text);
});
