import Foundation
import NIOConcurrencyHelpers

/// What time it is; a protocol so that tests can move time on.
public protocol AppClock: Sendable {
    var now: Date { get }
}

/// The wall clock.
public struct SystemClock: AppClock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that tests set and advance.
public final class ManualClock: AppClock {
    private let current: NIOLockedValueBox<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = .init(start) }
    public var now: Date { current.withLockedValue { $0 } }
    public func advance(minutes: Double) { current.withLockedValue { $0 += minutes * 60 } }
}
