/// Whether `host` (case-insensitive, port ignored) is an Azure Functions host
/// (`*.azurewebsites.net`), where the `code` query parameter is the function key.
pub fn is_function_host(host: &str) -> bool {
    let host =
        host.rsplit_once(':').map_or(host, |(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host });
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host.ends_with(".azurewebsites.net") && host.len() > ".azurewebsites.net".len()
}
