import Hummingbird
import LatchkeyModel
import Mustache

/// Latchkey's hosted page where an end user types in an integration's credentials: a form built from the entry's
/// `token_names` and `token_instructions`. Server-rendered, without JavaScript; values are never written back into
/// the page, and every text is HTML-escaped by Mustache.
struct CredentialPage {
    /// The form, or a message with no form when `fields` is empty.
    static let template: MustacheTemplate = {
        do {
            return try MustacheTemplate(
                string: """
                    <!doctype html>
                    <html lang="en">
                    <head>
                    <meta charset="utf-8">
                    <meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>{{title}}</title>
                    <style>
                    body { font-family: system-ui, sans-serif; max-width: 30rem; margin: 3rem auto; padding: 0 1rem; color: #1d1d1f; }
                    label { display: block; font-weight: 600; margin-top: 1.25rem; }
                    input { width: 100%; padding: .55rem; font-size: 1rem; box-sizing: border-box; margin-top: .35rem; }
                    .hint { color: #555; font-size: .9rem; margin: .25rem 0 0; }
                    .error { background: #fdecea; border: 1px solid #f5c2c0; padding: .75rem; border-radius: 6px; }
                    button { margin-top: 1.5rem; padding: .6rem 1.4rem; font-size: 1rem; }
                    </style>
                    </head>
                    <body>
                    <h1>{{title}}</h1>
                    {{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
                    {{#message}}<p>{{message}}</p>{{/message}}
                    {{#show_form}}
                    {{#docs_url}}<p class="hint"><a href="{{docs_url}}" rel="noopener noreferrer" target="_blank">Where to find these in {{name}}</a></p>{{/docs_url}}
                    <form method="post" action="{{action}}">
                    <input type="hidden" name="csrf_token" value="{{csrf_token}}">
                    {{#fields}}
                    <label for="value_{{index}}">{{label}}</label>
                    {{#instructions}}<p class="hint" id="hint_{{index}}">{{instructions}}</p>{{/instructions}}
                    <input id="value_{{index}}" name="value_{{index}}" type="{{input_type}}" autocomplete="off" spellcheck="false" required>
                    {{/fields}}
                    <button type="submit">Connect</button>
                    </form>
                    {{/show_form}}
                    </body>
                    </html>
                    """)
        } catch {
            preconditionFailure("the credential page template does not parse: \(error)")
        }
    }()

    let integration: Integration
    var title: String?
    var action = ""
    var csrfToken = ""
    var error: String?
    var message: String?
    var showForm = true

    /// The labels of the form: the entry's token names, or a generic one for an API key without names.
    static func labels(for integration: Integration, kind: AuthKind) -> [String] {
        if let names = integration.tokenNames, !names.isEmpty { return names }
        return kind == .token ? ["API key"] : ["User name", "Password"]
    }

    func render(kind: AuthKind) -> String {
        let instructions = integration.tokenInstructions ?? []
        let fields: [[String: Any]] = Self.labels(for: integration, kind: kind).enumerated().map { index, label in
            [
                "index": index, "label": label, "instructions": index < instructions.count ? instructions[index] : "",
                "input_type": Self.looksSecret(label) ? "password" : "text",
            ]
        }
        var context: [String: Any] = [
            "name": integration.name, "title": title ?? "Connect \(integration.name)", "action": action, "csrf_token": csrfToken, "fields": fields,
            "show_form": showForm,
        ]
        if let docs = integration.docsURL { context["docs_url"] = docs }
        if let error { context["error"] = error }
        if let message { context["message"] = message }
        return Self.template.render(context)
    }

    /// Whether a value of this name is a secret, shown as dots while typed; names such as "subdomain" or "Email" are not.
    static func looksSecret(_ label: String) -> Bool {
        let lowered = label.lowercased()
        return ["key", "token", "secret", "password", "pass"].contains { lowered.contains($0) }
    }

    /// The page as a response: never cached, never framed, sending no referrer.
    static func response(_ html: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
            .init("X-Frame-Options")!: "DENY", .init("Referrer-Policy")!: "no-referrer",
        ]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
