import CArgon2
import Foundation

/// Argon2id through libargon2, stored as PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
///
/// Every call is CPU-heavy by design: call it only from the `BlockingPool`.
public struct PasswordHasher: Sendable {
    public let parameters: HashParameters
    static let saltLength = 16
    static let hashLength = 32

    public init(parameters: HashParameters) { self.parameters = parameters }

    public enum HashError: Error { case argon2(String) }

    /// A PHC string for `secret` with a fresh random salt.
    public func hash(_ secret: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let t = UInt32(parameters.iterations), m = UInt32(parameters.memoryKiB), p = UInt32(parameters.parallelism)
        let length = argon2_encodedlen(t, m, p, UInt32(Self.saltLength), UInt32(Self.hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let bytes = Array(secret.utf8)
        let result = bytes.withUnsafeBytes { pwd in
            argon2id_hash_encoded(t, m, p, pwd.baseAddress, pwd.count, salt, salt.count,
                                  Self.hashLength, &encoded, length)
        }
        guard result == ARGON2_OK.rawValue else {
            throw HashError.argon2(String(cString: argon2_error_message(result)))
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `secret` matches `phc`; libargon2 compares in constant time. A malformed string is no match.
    public func verify(_ secret: String, against phc: String) -> Bool {
        guard phc.hasPrefix("$argon2id$") else { return false }
        let bytes = Array(secret.utf8)
        let result = bytes.withUnsafeBytes { pwd in
            argon2id_verify(phc, pwd.baseAddress, pwd.count)
        }
        return result == ARGON2_OK.rawValue
    }

    /// Whether `phc` was made with other parameters than the configured ones.
    public func needsRehash(_ phc: String) -> Bool {
        let fields = phc.split(separator: "$")
        guard fields.count == 5, fields[0] == "argon2id", fields[1] == "v=19" else { return true }
        return fields[2] != "m=\(parameters.memoryKiB),t=\(parameters.iterations),p=\(parameters.parallelism)"
    }
}
