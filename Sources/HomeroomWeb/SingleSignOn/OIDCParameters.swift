import Foundation
import HomeroomCore
import Hummingbird
import NIOCore

/// The parameters of a single-sign-on request, every value of each (a repeated parameter has
/// several), from the query or an `application/x-www-form-urlencoded` body. Read with
/// Foundation's URLComponents; `+` in a form means a space.
struct OIDCParameters: Sendable {
    let values: [String: [String]]

    /// Most bytes a body may have.
    static let maxBodyBytes = 16 * 1024

    init(encoded: String) {
        var components = URLComponents()
        components.percentEncodedQuery = encoded.replacingOccurrences(of: "+", with: "%20")
        var values: [String: [String]] = [:]
        for item in components.queryItems ?? [] where !item.name.isEmpty {
            values[item.name, default: []].append(item.value ?? "")
        }
        self.values = values
    }

    /// The query of a GET, or the form body of a POST (nil when the body is not a readable form).
    static func of(_ request: Request) async -> OIDCParameters? {
        guard request.method == .post else { return OIDCParameters(encoded: request.uri.query ?? "") }
        var request = request
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded"),
              let body = try? await request.collectBody(upTo: maxBodyBytes),
              let text = String(validating: body.readableBytesView, as: UTF8.self) else { return nil }
        return OIDCParameters(encoded: text)
    }

    /// The one value of `name`; nil when it is missing or repeated (see `repeated`).
    subscript(_ name: String) -> String? {
        guard let all = values[name], all.count == 1 else { return nil }
        return all[0]
    }

    /// The first parameter sent more than once, if any.
    var repeated: String? { values.first { $0.value.count > 1 }?.key }
}

/// The JSON answers of the single-sign-on endpoints.
enum OIDCResponse {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/json", .cacheControl: "no-store", .init("Pragma")!: "no-cache"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// An error as RFC 6749 §5.2 says it.
    static func error(_ error: OIDCError, status: HTTPResponse.Status = .badRequest, headers: HTTPFields = [:]) -> Response {
        json(["error": error.code, "error_description": error.description], status: status, headers: headers)
    }
}
