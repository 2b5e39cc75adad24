import Crypto
import Foundation
import JWTKit
import NIOConcurrencyHelpers
import _CryptoExtras

extension IDTokenPayload: JWTPayload {
    /// Signature checks only: an `id_token_hint` may have expired, and the caller checks `iss`
    /// and `aud` itself.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The server's id_token signing keys, through jwt-kit: the newest key of each algorithm signs;
/// every key, retired ones too, is published in the JWKS until it is dropped. Reloaded from the
/// database when `homeroom oidc rotate-keys` has added one (see `reloadIfChanged`).
public final class SigningKeys: Sendable {
    private struct Loaded: Sendable {
        let collection: JWTKeyCollection
        let signing: [SigningAlgorithm: String]
        let jwks: Data
        let kids: [String]
    }

    private let database: any HomeroomStore
    private let loaded: NIOLockedValueBox<Loaded>

    /// Makes an RS256 and an ES256 key the first time (one per algorithm, whichever node starts
    /// first), then loads them all.
    public init(database: any HomeroomStore, now: Date) async throws {
        self.database = database
        for algorithm in SigningAlgorithm.allCases {
            _ = try await database.addSigningKey(try Self.newKey(algorithm, at: now), onlyIfNone: true)
        }
        loaded = NIOLockedValueBox(try await Self.load(try await database.signingKeys()))
    }

    /// A new key of `algorithm` (RSA 2048 bits for RS256, P-256 for ES256) with a random `kid`.
    public static func newKey(_ algorithm: SigningAlgorithm, at now: Date) throws -> SigningKeyRecord {
        let pem: String = switch algorithm {
        case .rs256: try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation
        case .es256: P256.Signing.PrivateKey().pemRepresentation
        }
        return SigningKeyRecord(kid: Secrets.randomToken(bytes: 12), algorithm: algorithm, privatePEM: pem, createdAt: now, retiredAt: nil)
    }

    private static func load(_ records: [SigningKeyRecord]) async throws -> Loaded {
        let collection = JWTKeyCollection()
        var signing: [SigningAlgorithm: String] = [:]
        var published: [JWK] = []
        for record in records {
            let kid = JWKIdentifier(string: record.kid)
            switch record.algorithm {
            case .rs256:
                let key = try Insecure.RSA.PrivateKey(pem: record.privatePEM)
                await collection.add(rsa: key, digestAlgorithm: .sha256, kid: kid)
                let (modulus, exponent) = try key.publicKey.getKeyPrimitives()
                published.append(.rsa(.rs256, identifier: kid, modulus: Secrets.base64url(modulus), exponent: Secrets.base64url(exponent)))
            case .es256:
                let key = try ES256PrivateKey(pem: record.privatePEM)
                await collection.add(ecdsa: key, kid: kid)
                guard let parameters = key.parameters else { continue }
                published.append(.ecdsa(.es256, identifier: kid, x: parameters.x, y: parameters.y, curve: .p256))
            }
            if record.retiredAt == nil && signing[record.algorithm] == nil { signing[record.algorithm] = record.kid }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Loaded(collection: collection, signing: signing, jwks: try encoder.encode(JWKS(keys: published)),
                      kids: records.map(\.kid))
    }

    /// Loads the keys again when the database's set differs from the one in use.
    public func reloadIfChanged() async throws {
        let records = try await database.signingKeys()
        guard records.map(\.kid) != loaded.withLockedValue({ $0.kids }) else { return }
        let fresh = try await Self.load(records)
        loaded.withLockedValue { $0 = fresh }
    }

    /// The published keys, as the JWKS document.
    public var jwks: Data { loaded.withLockedValue { $0.jwks } }

    /// A signed token (an id_token, a logout token), by the current key of `algorithm`.
    public func sign(_ payload: some JWTPayload, algorithm: SigningAlgorithm) async throws -> String {
        let (collection, kid) = loaded.withLockedValue { ($0.collection, $0.signing[algorithm]) }
        guard let kid else { throw OIDCError(code: "server_error", description: "no \(algorithm.rawValue) signing key") }
        return try await collection.sign(payload, kid: JWKIdentifier(string: kid))
    }

    /// The payload of a token one of these keys signed, expired or not; nil for anything else.
    public func verified(_ token: String) async -> IDTokenPayload? {
        let collection = loaded.withLockedValue { $0.collection }
        return try? await collection.verify(token, as: IDTokenPayload.self)
    }
}
