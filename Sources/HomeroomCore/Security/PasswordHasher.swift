import CArgon2
import CSodium
import Foundation

/// Argon2id stored as PHC strings (`$argon2id$v=19$m=…,t=…,p=1$salt$hash`), made by libsodium
/// (its AVX2/AVX-512 code is faster on this CPU than libargon2's) or, for comparison, libargon2.
/// The strings are the same format both ways: either library verifies the other's.
///
/// Every call is CPU-heavy by design: call it only from the `BlockingPool`.
public struct PasswordHasher: Sendable {
    /// Which library computes the hashes.
    public enum Library: String, Sendable, CaseIterable {
        case libsodium, libargon2
    }

    public let parameters: HashParameters
    public let library: Library
    static let saltLength = 16
    static let hashLength = 32
    /// libsodium's one-time set-up (choosing its fastest code), done before the first hash.
    private static let sodiumReady: Bool = sodium_init() >= 0

    public init(parameters: HashParameters, library: Library = .libsodium) {
        self.parameters = parameters
        self.library = library
    }

    public enum HashError: Error { case argon2(String) }

    /// A PHC string for `secret` with a fresh random salt.
    public func hash(_ secret: String) throws -> String {
        switch library {
        case .libsodium: try sodiumHash(secret)
        case .libargon2: try argon2Hash(secret)
        }
    }

    private func sodiumHash(_ secret: String) throws -> String {
        guard Self.sodiumReady else { throw HashError.argon2("libsodium could not start") }
        var out = [CChar](repeating: 0, count: crypto_pwhash_argon2id_strbytes())
        // NUL-terminated, so even an empty password has an address; the length excludes the NUL.
        let password = secret.utf8CString
        let result = password.withUnsafeBufferPointer {
            crypto_pwhash_argon2id_str(&out, $0.baseAddress!, UInt64($0.count - 1), UInt64(parameters.iterations), parameters.memoryKiB * 1024)
        }
        guard result == 0 else { throw HashError.argon2("libsodium could not hash (out of memory?)") }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func argon2Hash(_ secret: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let t = UInt32(parameters.iterations), m = UInt32(parameters.memoryKiB), p = UInt32(parameters.parallelism)
        let length = argon2_encodedlen(t, m, p, UInt32(Self.saltLength), UInt32(Self.hashLength), Argon2_id)
        var encoded = [CChar](repeating: 0, count: length)
        let bytes = Array(secret.utf8)
        let result = bytes.withUnsafeBytes { pwd in
            argon2id_hash_encoded(t, m, p, pwd.baseAddress, pwd.count, salt, salt.count, Self.hashLength, &encoded, length)
        }
        guard result == ARGON2_OK.rawValue else { throw HashError.argon2(String(cString: argon2_error_message(result))) }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `secret` matches `phc`; both libraries compare in constant time. A malformed string
    /// is no match. libsodium computes one lane, so a hash made with `p` other than 1 (by libargon2,
    /// under an older configuration) is verified by libargon2.
    public func verify(_ secret: String, against phc: String) -> Bool {
        guard phc.hasPrefix("$argon2id$") else { return false }
        if library == .libsodium && phc.contains(",p=1$") && phc.utf8.count < crypto_pwhash_argon2id_strbytes() && Self.sodiumReady {
            return secret.utf8CString.withUnsafeBufferPointer {
                crypto_pwhash_argon2id_str_verify(phc, $0.baseAddress!, UInt64($0.count - 1)) == 0
            }
        }
        let bytes = Array(secret.utf8)
        let result = bytes.withUnsafeBytes { pwd in argon2id_verify(phc, pwd.baseAddress, pwd.count) }
        return result == ARGON2_OK.rawValue
    }

    /// Whether `phc` was made with other parameters than the configured ones.
    public func needsRehash(_ phc: String) -> Bool {
        let fields = phc.split(separator: "$")
        guard fields.count == 5, fields[0] == "argon2id", fields[1] == "v=19" else { return true }
        return fields[2] != "m=\(parameters.memoryKiB),t=\(parameters.iterations),p=\(parameters.parallelism)"
    }
}
