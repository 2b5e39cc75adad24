import ArgumentParser
import Foundation
import HomeroomCore

/// `homeroom oidc …`: the apps that sign people in through Homeroom, and its signing keys.
struct OIDCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oidc", abstract: "Single sign-on: register apps (OpenID Connect clients) and rotate signing keys.",
        subcommands: [ClientCommand.self, RotateKeys.self, SignRate.self])
}

/// `homeroom oidc client …`.
struct ClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client", abstract: "Register, list, show and remove apps.",
        subcommands: [AddClient.self, ListClients.self, ShowClient.self, RemoveClient.self, RotateClientSecret.self])
}

extension DatabaseOption {
    /// Runs `body` with the clients' rule book and this command's actor.
    func administeringClients<T>(_ body: (ClientAdministration, Actor) async throws -> T) async throws -> T {
        try await withCore { core, actor in try await body(ClientAdministration(core: core), actor) }
    }
}

/// `homeroom oidc client add NAME --redirect-uri URI… […]`: prints the client id and, once, the secret.
struct AddClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Register an app; prints its client id and secret (once).")

    @Argument(help: "The app's name, as people see it.") var name: String
    @Option(name: .customLong("redirect-uri"), help: "Where codes may be sent (repeat for several).") var redirectURIs: [String] = []
    @Flag(help: "A native or single-page app: no secret, PKCE required.") var `public` = false
    @Flag(name: .customLong("pkce-optional"), help: "A confidential app that sends no PKCE (Canvas).") var pkceOptional = false
    @Option(parsing: .upToNextOption, help: "Only these roles may use it (student teacher technician admin).") var roles: [String] = []
    @Option(parsing: .upToNextOption, help: "Only students of these schools.") var schools: [String] = []
    @Option(parsing: .upToNextOption, help: "Only students of these grades (PK KG 01 … 12).") var grades: [String] = []
    @Flag(help: "Ask each person's consent.") var consent = false
    @Flag(help: "A subject of the app's own, so two apps cannot join their records.") var pairwise = false
    @Flag(help: "May receive refresh tokens.") var refresh = false
    @Option(help: "RS256 (default) or ES256.") var signingAlgorithm = "RS256"
    @Option(name: .customLong("post-logout-redirect-uri"), help: "Where RP-initiated logout may return (repeat).")
    var postLogoutRedirectURIs: [String] = []
    @Option(name: .customLong("backchannel-logout-uri"), help: "Where back-channel logout tokens go.") var backchannelLogoutURI: String?
    @Option(name: .customLong("initiate-login-uri"), help: "Where a portal tile starts the app's sign-in.") var initiateLoginURI: String?
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let roles = try roles.map {
                guard let role = PortalRole(rawValue: $0) else { throw ValidationError("--roles takes student, teacher, technician, admin") }
                return role
            }
            guard let algorithm = SigningAlgorithm(rawValue: signingAlgorithm.uppercased()) else {
                throw ValidationError("--signing-algorithm must be RS256 or ES256")
            }
            let settings = OIDCClient.Settings(
                redirectURIs: redirectURIs, pkceOptional: pkceOptional, roles: roles, schools: schools, grades: grades, consent: consent,
                pairwise: pairwise, refresh: refresh, signingAlgorithm: algorithm, postLogoutRedirectURIs: postLogoutRedirectURIs,
                backchannelLogoutURI: backchannelLogoutURI, initiateLoginURI: initiateLoginURI)
            let (client, secret): (OIDCClient, String?)
            do {
                (client, secret) = try await database.administeringClients {
                    try await $0.add(name: name, settings: settings, isPublic: `public`, by: $1)
                }
            } catch ClientError.invalid(let problem) {
                throw ValidationError(try MessageCatalog(directory: try ResourceRoot.locate().messages)[.en].text(problem))
            }
            print("client_id: \(client.clientID)")
            if let secret { print("client_secret: \(secret)") }
            if secret != nil { print("Keep the secret now: it is stored only as a hash and cannot be shown again.") }
        }
    }
}

/// `homeroom oidc client list`.
struct ListClients: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the registered apps.")
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            print("client_id\ttype\tname")
            for client in try await database.open(root: try ResourceRoot.locate()).allClients() {
                print("\(client.clientID)\t\(client.isPublic ? "public" : "confidential")\t\(client.name)")
            }
        }
    }
}

/// `homeroom oidc client show CLIENT_ID`: the registration (never the secret).
struct ShowClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an app's registration.")
    @Argument(help: "The client id.") var clientID: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            guard let client = try await database.open(root: try ResourceRoot.locate()).client(id: clientID) else {
                throw ClientError.noSuchClient(clientID)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print("client_id: \(client.clientID)\nname: \(client.name)\ntype: \(client.isPublic ? "public" : "confidential")")
            print(String(decoding: try encoder.encode(client.settings), as: UTF8.self))
        }
    }
}

/// `homeroom oidc client remove CLIENT_ID`.
struct RemoveClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an app and revoke its tokens.")
    @Argument(help: "The client id.") var clientID: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            try await database.administeringClients { try await $0.remove(id: clientID, by: $1) }
            print("Removed \(clientID)")
        }
    }
}

/// `homeroom oidc client rotate-secret CLIENT_ID`.
struct RotateClientSecret: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rotate-secret", abstract: "Give an app a new secret (printed once).")
    @Argument(help: "The client id.") var clientID: String
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let secret = try await database.administeringClients { try await $0.rotateSecret(id: clientID, by: $1) }
            print("client_secret: \(secret)")
        }
    }
}

/// `homeroom oidc rotate-keys`.
struct RotateKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-keys", abstract: "New id_token signing keys; the old ones stay published until their tokens expire.")
    @OptionGroup var database: DatabaseOption

    func run() async throws {
        try await failing {
            let keys = try await database.administeringClients { try await $0.rotateKeys(by: $1) }
            for key in keys { print("new \(key.algorithm.rawValue) key \(key.kid)") }
        }
    }
}

/// `homeroom oidc sign-rate`: id_tokens signed per second on one thread, per algorithm (the
/// benchmark's signing cost), with fresh keys in a database of its own in memory.
struct SignRate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign-rate", abstract: "Measure id_token signatures per second.")
    @Option(help: "Seconds per algorithm.") var seconds: Double = 3

    func run() async throws {
        try await failing {
            let database = try AppDatabase.inMemory(schema: try ResourceRoot.locate().schema())
            let keys = try await SigningKeys(database: database, now: Date())
            let payload = IDTokenPayload(iss: "https://portal.example.org", sub: UUID().uuidString, aud: "bench", exp: 0, iat: 0,
                                         authTime: 0, nonce: "n", atHash: "h", sid: "s", amr: ["pwd"], claims: PersonClaims())
            for algorithm in SigningAlgorithm.allCases {
                let start = Date()
                var count = 0
                while Date().timeIntervalSince(start) < seconds {
                    _ = try await keys.sign(payload, algorithm: algorithm)
                    count += 1
                }
                let elapsed = Date().timeIntervalSince(start)
                print(String(format: "%@: %.0f signatures/s (%.3f ms each)", algorithm.rawValue, Double(count) / elapsed,
                             elapsed * 1000 / Double(count)))
            }
        }
    }
}
