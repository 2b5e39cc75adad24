import Foundation

/// A roster file read ahead on a thread of its own: the CSV is parsed and checked while the
/// importer writes the batch read before. At most `depth` batches
/// of `batchSize` records wait, so memory stays flat whatever the file's size. The thread is a
/// plain one, never a cooperative one; it ends with the file, or soon after `cancel()`.
public final class RosterReadAhead: @unchecked Sendable {
    static let batchSize = 2_000
    static let depth = 4

    /// Used by the thread only.
    private let reader: any RosterRecords
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var batches: [[RosterEntry]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false

    init(_ reader: any RosterRecords) {
        self.reader = reader
        let thread = Thread { [self] in read() }
        thread.name = "homeroom roster reader"
        thread.start()
    }

    /// The next batch, in file order; nil at the end of the file. Rethrows what stopped the reading.
    public func next() throws -> [RosterEntry]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            condition.broadcast()
            return batches.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reading (the importer gave up); the thread ends at its next batch.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func read() {
        var batch: [RosterEntry] = []
        batch.reserveCapacity(Self.batchSize)
        do {
            while let entry = try reader.next() {
                batch.append(entry)
                if batch.count == Self.batchSize {
                    guard hand(batch) else { return }
                    batch = []
                }
            }
            if !batch.isEmpty { _ = hand(batch) }
            end(nil)
        } catch {
            end(error)
        }
    }

    /// Waits for room and queues `batch`; false when cancelled.
    private func hand(_ batch: [RosterEntry]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.depth && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    private func end(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }
}
