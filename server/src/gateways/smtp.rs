//! Email over SMTP (RFC 5321 message submission): STARTTLS on port 587 by default, implicit TLS
//! on 465, or a plain connection to a relay on this machine; AUTH PLAIN or LOGIN when a username
//! and password are set. One connection per message, plain-text UTF-8 body, our own Message-ID.
//!
//! How server answers map onto [`GatewayError`]:
//!
//! | answer | result |
//! |---|---|
//! | 250 after the message's final `.` | `Ok(ProviderReceipt)` carrying our Message-ID |
//! | other 5xx (550 no such mailbox, 552 too large, 553 bad address, 554 refused, ...) | `Rejected` |
//! | 500-504 (the conversation itself went wrong), 530-539 (authentication) | `Unavailable` |
//! | 4xx, refused or dropped connections, TLS failures, no STARTTLS offered, no answer within the timeout | `Unavailable` |
//!
//! Bodies carry one-time codes, so they are never logged; logs carry the masked address and the
//! server's reply.

use super::{SmtpSettings, SmtpTls};
use app::contact::EmailAddress;
use app::notifications::ports::{EmailGateway, GatewayError, ProviderReceipt};
use async_trait::async_trait;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// The provider name in receipts.
pub const PROVIDER: &str = "smtp";

/// The display name on the `From` line.
const FROM_NAME: &str = "Mlango";

/// The SMTP email adapter.
pub struct SmtpEmail {
    mailer: Result<Mailer, String>,
    server: String,
    timeout: Duration,
}

struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    // Message-IDs are made under the sender's domain, which the operator controls.
    id_domain: String,
}

impl SmtpEmail {
    /// Creates the adapter; it opens no connection until the first message.
    pub fn new(settings: &SmtpSettings) -> Self {
        SmtpEmail {
            mailer: mailer(settings),
            server: format!("{}:{}", settings.host, settings.port),
            timeout: settings.timeout,
        }
    }
}

fn mailer(s: &SmtpSettings) -> Result<Mailer, String> {
    let from: Address = s.from.parse().map_err(|e| format!("sender address {:?} is not usable: {e}", s.from))?;
    let tls_parameters =
        || TlsParameters::new(s.host.clone()).map_err(|e| format!("TLS set-up for {} failed: {e}", s.host));
    let tls = match s.tls {
        // Required, not opportunistic: a server (or attacker) that hides STARTTLS must not get
        // the password or the codes in clear.
        SmtpTls::StartTls => Tls::Required(tls_parameters()?),
        SmtpTls::Tls => Tls::Wrapper(tls_parameters()?),
        SmtpTls::None => Tls::None,
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(s.host.as_str())
        .port(s.port)
        .tls(tls)
        .timeout(Some(s.timeout));
    if let (Some(username), Some(password)) = (&s.username, &s.password) {
        builder = builder.credentials(Credentials::new(username.clone(), password.clone()));
    }
    Ok(Mailer {
        transport: builder.build(),
        id_domain: from.domain().to_string(),
        from: Mailbox::new(Some(FROM_NAME.to_string()), from),
    })
}

#[async_trait]
impl EmailGateway for SmtpEmail {
    async fn send_email(&self, to: &EmailAddress, subject: &str, body: &str) -> Result<ProviderReceipt, GatewayError> {
        let mailer = self.mailer.as_ref().map_err(|e| GatewayError::Unavailable(e.clone()))?;
        let masked = to.masked();
        let recipient: Address = to.as_str().parse().map_err(|e| {
            tracing::info!(to = %masked, error = %e, "email rejected: address not usable over SMTP");
            GatewayError::Rejected(format!("address not usable over SMTP: {e}"))
        })?;
        let message_id = format!("{}@{}", uuid::Uuid::new_v4().simple(), mailer.id_domain);
        let message = Message::builder()
            .from(mailer.from.clone())
            .to(Mailbox::new(None, recipient))
            .subject(subject)
            .message_id(Some(format!("<{message_id}>")))
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| GatewayError::Rejected(format!("email could not be built: {e}")))?;
        // lettre's timeout covers only the TCP connect; a server that accepts and then goes
        // silent would hold the outbox worker forever, so the whole exchange is bounded here.
        let sent = tokio::time::timeout(self.timeout, mailer.transport.send(message)).await;
        let error = match sent {
            Ok(Ok(reply)) => {
                let reply = reply.message().collect::<Vec<_>>().join(" ");
                tracing::info!(to = %masked, server = %self.server, %reply, "email accepted by the SMTP server");
                return Ok(ProviderReceipt { provider: PROVIDER, message_id });
            }
            Ok(Err(e)) => e,
            Err(_) => {
                tracing::warn!(to = %masked, server = %self.server, "email not sent: no answer in time");
                return Err(GatewayError::Unavailable(format!("{}: no answer within {:?}", self.server, self.timeout)));
            }
        };
        // Servers echo the recipient in their replies; logs carry it masked, like everywhere else.
        let reason = format!("{}: {error}", self.server).replace(to.as_str(), &masked);
        match classify(&error) {
            Outcome::Rejected => {
                tracing::info!(to = %masked, %reason, "email rejected by the SMTP server");
                Err(GatewayError::Rejected(reason))
            }
            Outcome::NeedsOperator => {
                // Wrong credentials, no STARTTLS, no common AUTH mechanism: every message fails
                // until someone fixes the configuration, so it is shouted, and retried after.
                tracing::error!(
                    to = %masked, %reason,
                    "email not sent: check MLANGO_SMTP_HOST, MLANGO_SMTP_TLS, MLANGO_SMTP_USERNAME and MLANGO_SMTP_PASSWORD"
                );
                Err(GatewayError::Unavailable(reason))
            }
            Outcome::Transient => {
                tracing::warn!(to = %masked, %reason, "email not sent");
                Err(GatewayError::Unavailable(reason))
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Rejected,
    NeedsOperator,
    Transient,
}

fn classify(error: &SmtpError) -> Outcome {
    match error.status().map(u16::from) {
        // Syntax and sequence errors say our conversation failed, not that this message can
        // never be delivered.
        Some(500..=504) => Outcome::NeedsOperator,
        Some(530..=539) => Outcome::NeedsOperator,
        Some(_) if error.is_permanent() => Outcome::Rejected,
        Some(_) => Outcome::Transient,
        // STARTTLS missing, no usable AUTH mechanism, 8BITMIME/SMTPUTF8 refused: lettre's own refusals.
        None if error.is_client() => Outcome::NeedsOperator,
        None => Outcome::Transient,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD as BASE64;
    use std::sync::{Arc, Mutex};
    use std::time::Instant;
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::net::TcpListener;
    use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

    /// How the test server behaves.
    #[derive(Clone, Copy, Default)]
    struct Script {
        /// Mechanisms offered after `AUTH` in the EHLO reply; `None` offers no AUTH.
        auth: Option<&'static str>,
        /// Reply once AUTH credentials are in; `None` is 235.
        auth_reply: Option<&'static str>,
        /// Reply to `RCPT TO`; `None` is 250.
        rcpt_reply: Option<&'static str>,
        /// Accept connections and never say a word.
        silent: bool,
    }

    /// One SMTP session as the server saw it.
    #[derive(Clone, Debug, Default)]
    struct Session {
        /// Command verbs in order (`EHLO`, `MAIL`, ...).
        verbs: Vec<String>,
        /// The `EHLO` argument.
        ehlo: String,
        /// `(mechanism, username, password)` as decoded from AUTH.
        auth: Option<(String, String, String)>,
        /// The `MAIL FROM` argument.
        mail_from: String,
        /// Every `RCPT TO` argument.
        rcpt_to: Vec<String>,
        /// The message after dot-unstuffing, without the final `.`.
        data: Option<String>,
    }

    type Log = Arc<Mutex<Vec<Session>>>;

    /// A minimal RFC 5321 server on 127.0.0.1: enough of EHLO, AUTH PLAIN/LOGIN, MAIL, RCPT,
    /// DATA, RSET, NOOP and QUIT for lettre. Returns its port and what each session received.
    async fn spawn_server(script: Script) -> (u16, Log) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let log: Log = Arc::default();
        let sessions = log.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let index = {
                    let mut all = sessions.lock().unwrap();
                    all.push(Session::default());
                    all.len() - 1
                };
                let (read, write) = stream.into_split();
                let sessions = sessions.clone();
                tokio::spawn(async move {
                    let _ =
                        serve(script, BufReader::new(read), write, |f| f(&mut sessions.lock().unwrap()[index])).await;
                });
            }
        });
        (port, log)
    }

    async fn read_line(reader: &mut BufReader<OwnedReadHalf>) -> std::io::Result<String> {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }

    async fn reply(writer: &mut OwnedWriteHalf, text: &str) -> std::io::Result<()> {
        writer.write_all(format!("{text}\r\n").as_bytes()).await
    }

    fn decode64(text: &str) -> String {
        String::from_utf8(BASE64.decode(text.trim()).unwrap()).unwrap()
    }

    async fn serve(
        script: Script,
        mut reader: BufReader<OwnedReadHalf>,
        mut writer: OwnedWriteHalf,
        record: impl Fn(&dyn Fn(&mut Session)),
    ) -> std::io::Result<()> {
        if script.silent {
            // Hold the connection open until the client gives up.
            let mut sink = Vec::new();
            reader.read_to_end(&mut sink).await?;
            return Ok(());
        }
        reply(&mut writer, "220 mx.test ESMTP ready").await?;
        loop {
            let line = read_line(&mut reader).await?;
            let (verb, rest) = line.split_once(' ').unwrap_or((&line, ""));
            let verb = verb.to_ascii_uppercase();
            record(&|s| s.verbs.push(verb.clone()));
            let answer = match verb.as_str() {
                "EHLO" => {
                    record(&|s| s.ehlo = rest.to_string());
                    let auth = script.auth.map(|m| format!("250-AUTH {m}\r\n")).unwrap_or_default();
                    format!("250-mx.test\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n{auth}250 SIZE 10485760")
                }
                "HELO" => "250 mx.test".into(),
                "AUTH" => {
                    let (mechanism, initial) = rest.split_once(' ').unwrap_or((rest, ""));
                    let mechanism = mechanism.to_ascii_uppercase();
                    let (username, password) = match mechanism.as_str() {
                        "PLAIN" => {
                            let response = if initial.is_empty() {
                                reply(&mut writer, "334 ").await?;
                                read_line(&mut reader).await?
                            } else {
                                initial.to_string()
                            };
                            let decoded = decode64(&response);
                            let mut parts = decoded.split('\0').skip(1);
                            (parts.next().unwrap_or("").to_string(), parts.next().unwrap_or("").to_string())
                        }
                        "LOGIN" => {
                            let username = if initial.is_empty() {
                                reply(&mut writer, &format!("334 {}", BASE64.encode("Username:"))).await?;
                                decode64(&read_line(&mut reader).await?)
                            } else {
                                decode64(initial)
                            };
                            reply(&mut writer, &format!("334 {}", BASE64.encode("Password:"))).await?;
                            (username, decode64(&read_line(&mut reader).await?))
                        }
                        _ => {
                            reply(&mut writer, "504 5.5.4 Unrecognised authentication type").await?;
                            continue;
                        }
                    };
                    record(&|s| s.auth = Some((mechanism.clone(), username.clone(), password.clone())));
                    script.auth_reply.unwrap_or("235 2.7.0 Authentication successful").to_string()
                }
                "MAIL" => {
                    record(&|s| s.mail_from = rest.to_string());
                    "250 2.1.0 Ok".into()
                }
                "RCPT" => {
                    record(&|s| s.rcpt_to.push(rest.to_string()));
                    script.rcpt_reply.unwrap_or("250 2.1.5 Ok").to_string()
                }
                "DATA" => {
                    reply(&mut writer, "354 End data with <CR><LF>.<CR><LF>").await?;
                    let mut data = String::new();
                    loop {
                        let line = read_line(&mut reader).await?;
                        if line == "." {
                            break;
                        }
                        data.push_str(line.strip_prefix('.').unwrap_or(&line));
                        data.push_str("\r\n");
                    }
                    record(&|s| s.data = Some(data.clone()));
                    "250 2.0.0 Ok: queued as 4F2A9".into()
                }
                "RSET" | "NOOP" => "250 2.0.0 Ok".into(),
                "QUIT" => {
                    reply(&mut writer, "221 2.0.0 Bye").await?;
                    return Ok(());
                }
                _ => "502 5.5.2 Command not recognised".into(),
            };
            reply(&mut writer, &answer).await?;
        }
    }

    /// A parsed RFC 5322 message: unfolded headers and the decoded text body.
    struct Parsed {
        headers: Vec<(String, String)>,
        body: String,
    }

    impl Parsed {
        fn header(&self, name: &str) -> &str {
            self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).unwrap_or("")
        }
    }

    fn parse_message(data: &str) -> Parsed {
        let (head, body) = data.split_once("\r\n\r\n").unwrap();
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                headers.last_mut().unwrap().1.push_str(line);
            } else {
                let (name, value) = line.split_once(':').unwrap();
                headers.push((name.to_string(), value.trim_start().to_string()));
            }
        }
        let parsed = Parsed { headers, body: String::new() };
        let encoding = parsed.header("Content-Transfer-Encoding").to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "base64" => BASE64.decode(body.replace("\r\n", "")).unwrap(),
            "quoted-printable" => decode_quoted_printable(body),
            _ => body.as_bytes().to_vec(),
        };
        let body = String::from_utf8(bytes).unwrap().replace("\r\n", "\n").trim_end_matches('\n').to_string();
        Parsed { body, ..parsed }
    }

    fn decode_quoted_printable(text: &str) -> Vec<u8> {
        let joined = text.replace("=\r\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' {
                out.push(u8::from_str_radix(&joined[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        out
    }

    /// Decodes RFC 2047 encoded words (`=?utf-8?b?...?=`, `=?utf-8?q?...?=`) in a header value;
    /// whitespace between two encoded words is dropped, as the RFC says.
    fn decode_words(value: &str) -> String {
        let mut out = String::new();
        let mut previous_encoded = false;
        for (n, word) in value.split_whitespace().enumerate() {
            let encoded = word.strip_prefix("=?").and_then(|w| w.strip_suffix("?=")).and_then(|w| {
                let mut parts = w.splitn(3, '?');
                let (_charset, kind, text) = (parts.next()?, parts.next()?, parts.next()?);
                let bytes = match kind.to_ascii_lowercase().as_str() {
                    "b" => BASE64.decode(text).ok()?,
                    "q" => decode_quoted_printable(&text.replace('_', " ")),
                    _ => return None,
                };
                String::from_utf8(bytes).ok()
            });
            if n > 0 && !(previous_encoded && encoded.is_some()) {
                out.push(' ');
            }
            previous_encoded = encoded.is_some();
            out.push_str(encoded.as_deref().unwrap_or(word));
        }
        out
    }

    fn settings(port: u16) -> SmtpSettings {
        SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            tls: SmtpTls::None,
            username: None,
            password: None,
            from: "no-reply@mlango.test".into(),
            timeout: Duration::from_millis(500),
        }
    }

    fn wanjiku() -> EmailAddress {
        EmailAddress::parse("wanjiku@example.co.ke").unwrap()
    }

    const SUBJECT: &str = "Ombi lako limepokelewa — Kibali cha Biashara (café, naïve, Zürich)";
    const BODY: &str = "Habari Wanjiku,\n\nOmbi lako limepokelewa. Ada: KES 1,050.\nMaelezo: «Kitambulisho» ✓ — \
        asante sana, tafadhali subiri.\n.Mstari unaoanza na nukta.\n\nMlango";

    #[tokio::test]
    async fn smtp_delivers_a_utf8_message_with_from_to_subject_and_body() {
        let (port, log) = spawn_server(Script::default()).await;
        let receipt = SmtpEmail::new(&settings(port)).send_email(&wanjiku(), SUBJECT, BODY).await.unwrap();
        assert_eq!(receipt.provider, "smtp");
        assert!(receipt.message_id.ends_with("@mlango.test"), "{}", receipt.message_id);

        let session = log.lock().unwrap()[0].clone();
        assert_eq!(session.auth, None, "no credentials configured, none sent");
        assert!(session.mail_from.starts_with("FROM:<no-reply@mlango.test>"), "{}", session.mail_from);
        assert_eq!(session.rcpt_to, vec!["TO:<wanjiku@example.co.ke>".to_string()]);
        let message = parse_message(session.data.as_deref().unwrap());
        assert_eq!(message.header("From"), "Mlango <no-reply@mlango.test>");
        assert_eq!(message.header("To"), "wanjiku@example.co.ke");
        assert_eq!(decode_words(message.header("Subject")), SUBJECT);
        assert_eq!(message.header("Message-ID"), format!("<{}>", receipt.message_id));
        assert!(message.header("Content-Type").to_ascii_lowercase().starts_with("text/plain; charset=utf-8"));
        assert!(!message.header("Date").is_empty());
        assert_eq!(message.body, BODY);
    }

    #[tokio::test]
    async fn smtp_sends_auth_credentials_when_configured() {
        for mechanisms in ["PLAIN LOGIN", "LOGIN"] {
            let (port, log) = spawn_server(Script { auth: Some(mechanisms), ..Script::default() }).await;
            let settings = SmtpSettings {
                username: Some("mlango@example.go.ke".into()),
                password: Some("s3cret pässword".into()),
                ..settings(port)
            };
            SmtpEmail::new(&settings).send_email(&wanjiku(), "Code", "Your code is 123456").await.unwrap();
            let session = log.lock().unwrap()[0].clone();
            let (mechanism, username, password) = session.auth.unwrap();
            assert_eq!(mechanism, mechanisms.split(' ').next().unwrap());
            assert_eq!((username.as_str(), password.as_str()), ("mlango@example.go.ke", "s3cret pässword"));
            assert!(session.data.is_some(), "the message followed the AUTH");
        }
    }

    #[tokio::test]
    async fn smtp_550_on_rcpt_is_rejected() {
        let script = Script {
            rcpt_reply: Some("550 5.1.1 <wanjiku@example.co.ke>: Recipient address rejected"),
            ..Script::default()
        };
        let (port, log) = spawn_server(script).await;
        let err = SmtpEmail::new(&settings(port)).send_email(&wanjiku(), "Hello", "Body").await.unwrap_err();
        assert!(
            matches!(&err, GatewayError::Rejected(r) if r.contains("(550): 5.1.1 <wa•••@example.co.ke>: Recipient address rejected")),
            "{err:?}"
        );
        assert_eq!(log.lock().unwrap()[0].data, None, "no DATA after a refused recipient");
    }

    #[tokio::test]
    async fn smtp_451_on_rcpt_is_unavailable() {
        let script = Script { rcpt_reply: Some("451 4.3.0 Try again later"), ..Script::default() };
        let (port, _log) = spawn_server(script).await;
        let err = SmtpEmail::new(&settings(port)).send_email(&wanjiku(), "Hello", "Body").await.unwrap_err();
        assert!(matches!(&err, GatewayError::Unavailable(r) if r.contains("451")), "{err:?}");
    }

    #[tokio::test]
    async fn smtp_refused_credentials_are_unavailable_not_rejected() {
        let script = Script {
            auth: Some("PLAIN LOGIN"),
            auth_reply: Some("535 5.7.8 Authentication credentials invalid"),
            ..Script::default()
        };
        let (port, log) = spawn_server(script).await;
        let settings = SmtpSettings { username: Some("u".into()), password: Some("wrong".into()), ..settings(port) };
        let err = SmtpEmail::new(&settings).send_email(&wanjiku(), "Hello", "Body").await.unwrap_err();
        assert!(matches!(&err, GatewayError::Unavailable(r) if r.contains("535")), "{err:?}");
        assert!(log.lock().unwrap()[0].mail_from.is_empty());
    }

    #[tokio::test]
    async fn smtp_starttls_is_required_when_configured() {
        // A server (or someone in the middle) that does not offer STARTTLS gets neither the
        // password nor the message.
        let (port, log) = spawn_server(Script { auth: Some("PLAIN"), ..Script::default() }).await;
        let settings = SmtpSettings {
            tls: SmtpTls::StartTls,
            username: Some("u".into()),
            password: Some("p".into()),
            ..settings(port)
        };
        let err = SmtpEmail::new(&settings).send_email(&wanjiku(), "Hello", "Body").await.unwrap_err();
        assert!(matches!(&err, GatewayError::Unavailable(r) if r.contains("STARTTLS")), "{err:?}");
        let session = log.lock().unwrap()[0].clone();
        assert_eq!(session.auth, None);
        assert!(!session.verbs.iter().any(|v| v == "MAIL" || v == "DATA"), "{:?}", session.verbs);
    }

    #[tokio::test]
    async fn smtp_implicit_tls_to_a_plain_server_is_unavailable() {
        // Builds the real rustls client (ring, webpki roots) and fails the handshake cleanly.
        let (port, log) = spawn_server(Script::default()).await;
        let settings = SmtpSettings { tls: SmtpTls::Tls, ..settings(port) };
        let err = SmtpEmail::new(&settings).send_email(&wanjiku(), "Hello", "Body").await.unwrap_err();
        assert!(matches!(&err, GatewayError::Unavailable(r) if r.contains(&port.to_string())), "{err:?}");
        assert!(log.lock().unwrap()[0].verbs.is_empty(), "nothing was said in clear");
    }

    #[tokio::test]
    async fn smtp_silent_server_is_unavailable_within_the_timeout() {
        let (port, log) = spawn_server(Script { silent: true, ..Script::default() }).await;
        let started = Instant::now();
        let err = SmtpEmail::new(&settings(port)).send_email(&wanjiku(), "Hello", "Body").await.unwrap_err();
        let took = started.elapsed();
        assert!(matches!(&err, GatewayError::Unavailable(r) if r.contains("no answer")), "{err:?}");
        assert!(took >= Duration::from_millis(400) && took < Duration::from_secs(3), "{took:?}");
        assert_eq!(log.lock().unwrap().len(), 1, "the server did accept the connection");
    }

    #[tokio::test]
    async fn smtp_closed_port_is_unavailable() {
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            listener.local_addr().unwrap().port()
        };
        let started = Instant::now();
        let err = SmtpEmail::new(&settings(port)).send_email(&wanjiku(), "Hello", "Body").await.unwrap_err();
        assert!(matches!(&err, GatewayError::Unavailable(r) if r.contains(&port.to_string())), "{err:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }
}
