import Foundation

extension AccountAdministration {
    /// The throttle locks in force now, for the console.
    public func throttleLocks() async throws -> [ThrottleLock] {
        try await core.database.throttleLocks(at: core.now)
    }

    /// Lifts one throttle lock (an address, or an address and a name, ID or username) and
    /// forgets its failures, audited. False when no such lock is in force.
    public func liftThrottleLock(scope: ThrottleScope, key: String, by actor: Actor) async throws -> Bool {
        let event = core.event(.liftThrottleLock, by: actor, subject: key, outcome: .success, reason: scope.rawValue)
        return try await core.database.liftThrottleLock(scope: scope, key: key, at: core.now, audit: event)
    }
}
