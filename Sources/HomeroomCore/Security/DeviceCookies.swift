import Crypto
import Foundation

/// OWASP's device cookies: after a successful sign-in the browser keeps a signed token naming the
/// account, a random id of this device, and the account's session epoch. A sign-in that shows a
/// valid one for the account it signs in as is from a known device: it is not held by the
/// address limit, and its failures count for that device alone. Ending the account's sessions (a
/// reset, a technician) raises the epoch, which voids every token issued before.
public struct DeviceCookies: Sendable {
    /// One cookie per account a browser has signed in as (a cart of shared Chromebooks).
    public static let namePrefix = "homeroom_device_"
    private let key: SymmetricKey

    public init(secret: Data) { key = SymmetricKey(data: secret) }

    /// What a valid cookie says.
    public struct Token: Sendable, Equatable {
        public let username: String
        /// Random, made at issue: failures from this device are counted under it.
        public let device: String
        public let epoch: Int
    }

    /// The cookie's name for `username` (a digest, so the name does not show the username).
    public static func name(for username: String) -> String {
        namePrefix + String(Secrets.sha256Hex("device-cookie:" + username).prefix(20))
    }

    /// A new cookie value for `username` at its session `epoch`.
    public func issue(username: String, epoch: Int) -> String {
        let device = Secrets.randomToken(bytes: 16)
        return "\(device).\(epoch).\(mac(username: username, device: device, epoch: epoch))"
    }

    /// The token of `value` if it is well formed and signed for `username`; nil otherwise (a
    /// cookie of another account, or tampered with). Compared in constant time.
    public func verify(_ value: String?, username: String) -> Token? {
        guard let value, value.utf8.count <= 200 else { return nil }
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, let epoch = Int(parts[1]), epoch >= 0,
              Secrets.constantTimeEqual(parts[2], mac(username: username, device: parts[0], epoch: epoch)) else { return nil }
        return Token(username: username, device: parts[0], epoch: epoch)
    }

    private func mac(username: String, device: String, epoch: Int) -> String {
        let message = "device|\(username)|\(device)|\(epoch)"
        return Secrets.base64url(Array(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)))
    }
}
