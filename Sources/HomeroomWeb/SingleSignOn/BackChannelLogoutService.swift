import AsyncHTTPClient
import Foundation
import HomeroomCore
import Logging
import NIOCore
import ServiceLifecycle

/// Delivers back-channel logout tokens to the apps of sign-ins that ended, off every request's
/// path: every second it sends what is due (a form POST of `logout_token`, 5 s at most each)
/// and has failures tried again later.
struct BackChannelLogoutService: Service {
    let sso: SingleSignOn
    let logger: Logger

    func run() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                for delivery in try await sso.dueLogouts() {
                    let delivered = await send(delivery, with: client)
                    try await sso.logoutAttempted(delivery, delivered: delivered, by: Actor(name: "homeroom", address: "back channel"))
                }
            } catch {
                logger.error("back-channel logout failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
        try await client.shutdown()
    }

    func send(_ delivery: SingleSignOn.LogoutDelivery, with client: HTTPClient) async -> Bool {
        var request = HTTPClientRequest(url: delivery.uri)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let body = "logout_token=" + (delivery.token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        request.body = .bytes(ByteBuffer(string: body))
        guard let response = try? await client.execute(request, timeout: .seconds(5)) else { return false }
        return (200..<300).contains(Int(response.status.code))
    }
}
