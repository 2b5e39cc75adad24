import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A browser for router tests: keeps cookies and the last page's CSRF token, posts forms.
struct Browser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrfToken = ""
    /// Sent as `Accept-Language` when set.
    var acceptLanguage: String?
    /// Sent as `X-Forwarded-For` when set (believed when the test trusts the router's peer, `local`).
    var forwardedFor: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    @discardableResult
    mutating func get(_ uri: String) async throws -> TestResponse {
        try await send(uri, method: .get, body: nil)
    }

    /// Posts `fields` (and the CSRF token unless `withToken` is false) as a urlencoded form.
    @discardableResult
    mutating func post(_ uri: String, _ fields: [(String, String)], withToken: Bool = true) async throws -> TestResponse {
        var all = fields
        if withToken { all.append(("csrf_token", csrfToken)) }
        return try await post(uri, rawBody: Self.encode(all))
    }

    @discardableResult
    mutating func post(_ uri: String, rawBody: String) async throws -> TestResponse {
        try await send(uri, method: .post, body: ByteBuffer(string: rawBody))
    }

    @discardableResult
    mutating func send(_ uri: String, method: HTTPRequest.Method, body: ByteBuffer?,
                       contentType: String = "application/x-www-form-urlencoded") async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        }
        if body != nil { headers[.contentType] = contentType }
        if let acceptLanguage { headers[.acceptLanguage] = acceptLanguage }
        if let forwardedFor { headers[.init("X-Forwarded-For")!] = forwardedFor }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            cookies[String(pair[0])] = String(pair[1])
        }
        if let token = Self.csrfToken(in: response.text) { csrfToken = token }
        return response
    }

    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { "\(percent($0.0))=\(percent($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes all but RFC 3986's unreserved characters, as browsers' form encoding does.
    static func percent(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf_token" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    // MARK: The claim flow's steps

    @discardableResult
    mutating func startClaim(last: String, first: String, id: String) async throws -> TestResponse {
        try await get("/claim")
        return try await post("/claim", [("last_name", last), ("first_name", first), ("student_id", id)])
    }

    @discardableResult
    mutating func choosePassword(_ password: String, confirm: String? = nil) async throws -> TestResponse {
        try await get("/claim/password")
        return try await post("/claim/password", [("password", password), ("password_confirm", confirm ?? password)])
    }

    static let goodAnswers = [("answer_birth_month", "May"), ("answer_birth_year", "2011"), ("answer_favorite_season", "fall")]

    @discardableResult
    mutating func answer(_ answers: [(String, String)] = goodAnswers) async throws -> TestResponse {
        try await get("/claim/questions")
        return try await post("/claim/questions", answers)
    }

    /// Steps 1 to 3 for a student of `sampleRosterCSV`, ending on the complete page's redirect.
    @discardableResult
    mutating func claim(last: String = "O'Brien", first: String = "Mary Kate", id: String = "0012345",
                        password: String = "correct horse battery") async throws -> TestResponse {
        try await startClaim(last: last, first: first, id: id)
        try await choosePassword(password)
        return try await answer()
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var location: String? { headers[.location] }
}
