import HomeroomCore
import Hummingbird

/// The client's address for throttles and the audit table. X-Forwarded-For is believed only
/// when the peer is a trusted proxy; then the right-most address that is not itself a trusted
/// proxy is the client (left-most entries can be forged by the client).
public enum ClientAddress {
    public static func resolve(peer: String?, forwardedFor: [String], trusted: Set<String>) -> String {
        let peer = peer ?? "local"
        guard trusted.contains(peer) else { return peer }
        let hops = forwardedFor
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        for hop in hops.reversed() where !trusted.contains(hop) {
            return String(hop.prefix(64))
        }
        return hops.first.map { String($0.prefix(64)) } ?? peer
    }
}

/// Sets `context.clientAddress` for everything after it.
struct ClientAddressMiddleware: RouterMiddleware {
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: AppRequestContext,
                next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        context.clientAddress = ClientAddress.resolve(
            peer: context.remoteAddress?.ipAddress,
            forwardedFor: request.headers[values: .init("X-Forwarded-For")!],
            trusted: trustedProxies)
        return try await next(request, context)
    }
}
