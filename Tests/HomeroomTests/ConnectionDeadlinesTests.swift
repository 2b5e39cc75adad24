import Foundation
import HomeroomCore
@testable import HomeroomWeb
import Testing

/// The deadlines of one connection, driven without a socket.
@Suite struct ConnectionDeadlinesTests {
    let start = ContinuousClock.now
    func fresh() -> ConnectionDeadlines { ConnectionDeadlines(request: .seconds(30), idle: .seconds(60)) }

    @Test func aNewConnectionGetsTheIdleDeadline() {
        var deadlines = fresh()
        #expect(deadlines.opened(at: start) == .fire(at: start + .seconds(60), .idleTimeout))
    }

    @Test func theFirstByteOfARequestStartsTheRequestDeadline() {
        var deadlines = fresh()
        _ = deadlines.opened(at: start)
        #expect(deadlines.bytesArrived(at: start + .seconds(5)) == .fire(at: start + .seconds(35), .requestTimeout))
    }

    @Test func tricklingBytesDoesNotExtendTheRequestDeadline() {
        var deadlines = fresh()
        _ = deadlines.opened(at: start)
        _ = deadlines.bytesArrived(at: start)
        #expect(deadlines.bytesArrived(at: start + .seconds(29)) == .keep)
        #expect(deadlines.expired(at: start + .seconds(30)) == .requestTimeout)
    }

    @Test func aCompleteRequestHasNoDeadlineWhileItIsAnswered() {
        var deadlines = fresh()
        _ = deadlines.opened(at: start)
        _ = deadlines.bytesArrived(at: start)
        _ = deadlines.headArrived(at: start)
        #expect(deadlines.requestEnded() == .cancel)
        #expect(deadlines.expired(at: start + .seconds(600)) == nil)
    }

    @Test func theEndOfAResponseStartsTheIdleDeadline() {
        var deadlines = fresh()
        _ = deadlines.opened(at: start)
        _ = deadlines.headArrived(at: start)
        _ = deadlines.requestEnded()
        #expect(deadlines.responseEnded(at: start + .seconds(2)) == .fire(at: start + .seconds(62), .idleTimeout))
    }

    @Test func anAnswerBeforeTheBodyIsInKeepsTheRequestDeadline() {
        var deadlines = fresh()
        _ = deadlines.opened(at: start)
        _ = deadlines.headArrived(at: start)
        #expect(deadlines.responseEnded(at: start + .seconds(1)) == .keep)
        #expect(deadlines.expired(at: start + .seconds(30)) == .requestTimeout)
    }

    @Test func aDeadlineNotYetReachedClosesNothing() {
        var deadlines = fresh()
        _ = deadlines.opened(at: start)
        #expect(deadlines.expired(at: start + .seconds(59)) == nil)
    }
}
