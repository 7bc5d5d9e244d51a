//! `mlango`: see `mlango --help`.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    mlango::cli::run().await
}
