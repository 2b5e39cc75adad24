import Foundation

/// How long a connection may hold the portal, and how many may at once (`connections`).
public struct ConnectionSettings: Codable, Sendable, Equatable {
    /// A request's head and body must arrive within this many seconds of its first byte, like
    /// nginx's `client_header_timeout`; else the connection is closed (a half-sent request
    /// cannot hold a socket).
    public var requestTimeoutSeconds = 30
    /// A kept-alive connection that sends nothing for this many seconds is closed.
    public var idleTimeoutSeconds = 60
    /// Connections open at once; beyond it new ones wait in the kernel's queue until one closes,
    /// and the server logs that the cap was reached. Lowered at start to what the process's
    /// open-file limit allows.
    public var maxConnections = 10_000

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ConnectionSettings()
        requestTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .requestTimeoutSeconds) ?? d.requestTimeoutSeconds
        idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? d.idleTimeoutSeconds
        maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections) ?? d.maxConnections
    }

    func validate() throws {
        guard (1...3600).contains(requestTimeoutSeconds) else {
            throw ConfigError(setting: "connections.requestTimeoutSeconds", problem: "must be between 1 and 3600")
        }
        guard (1...3600).contains(idleTimeoutSeconds) else {
            throw ConfigError(setting: "connections.idleTimeoutSeconds", problem: "must be between 1 and 3600")
        }
        guard (16...1_000_000).contains(maxConnections) else {
            throw ConfigError(setting: "connections.maxConnections", problem: "must be between 16 and 1000000")
        }
    }
}

/// The management listener (`management`): `/metrics` and `/healthz` on an address of their own,
/// by default reachable only from this machine, as Keycloak keeps metrics on a management port.
public struct ManagementSettings: Codable, Sendable, Equatable {
    /// Off: no `/metrics` anywhere (the portal's `/healthz` stays).
    public var enabled = true
    public var host = "127.0.0.1"
    /// 0 takes any free port (tests).
    public var port = 9464

    public init(enabled: Bool = true, host: String = "127.0.0.1", port: Int = 9464) {
        self.enabled = enabled
        self.host = host
        self.port = port
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ManagementSettings()
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? d.enabled
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? d.host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? d.port
    }

    func validate(portal: (host: String, port: Int)) throws {
        guard enabled else { return }
        guard !host.isEmpty else { throw ConfigError(setting: "management.host", problem: "must not be empty") }
        guard (0...65535).contains(port) else {
            throw ConfigError(setting: "management.port", problem: "must be between 0 (any free port) and 65535")
        }
        guard port == 0 || port != portal.port else {
            throw ConfigError(setting: "management.port", problem: "must differ from the portal's port: metrics stay off the portal")
        }
    }
}
