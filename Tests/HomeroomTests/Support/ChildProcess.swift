import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What one run of a child process did.
struct CommandRun {
    let status: Int32
    let out: String
    let err: String
}

/// Runs a program with `posix_spawn` and collects its output.
///
/// Not Foundation's `Process`: on Linux its `run()` reads `/proc/self/fd` entries past their end
/// (swift-corelibs-foundation#5472, fixed after Swift 6.3.1), which crashed this test process now
/// and then with a SIGSEGV in `memmove`.
enum ChildProcess {
    struct SpawnFailed: Error, CustomStringConvertible {
        let path: String
        let code: Int32
        var description: String { "could not start \(path): \(String(cString: strerror(code)))" }
    }

    /// Runs `path` with `arguments` and `environment` (nil: this process's), writes `input` to its
    /// standard input, and waits for it to end. Standard output and error are read together so
    /// that neither fills its pipe while the other is read.
    static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil,
                    input: String? = nil) throws -> CommandRun {
        let stdin = try pipePair(), out = try pipePair(), err = try pipePair()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.read, 0)
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + env).forEach { free($0) } }
        var pid = pid_t()
        let code = posix_spawn(&pid, path, &actions, nil, argv, env)
        [stdin.read, out.write, err.write].forEach { _ = close($0) }
        guard code == 0 else {
            [stdin.write, out.read, err.read].forEach { _ = close($0) }
            throw SpawnFailed(path: path, code: code)
        }
        if let input { writeAll(Array(input.utf8), to: stdin.write) }
        close(stdin.write)
        let (outBytes, errBytes) = readBoth(out.read, err.read)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return CommandRun(status: exitStatus, out: String(decoding: outBytes, as: UTF8.self),
                          err: String(decoding: errBytes, as: UTF8.self))
    }

    /// A pipe whose ends close on exec, so a child keeps only what its spawn `dup2`s.
    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpawnFailed(path: "pipe", code: errno) }
        fds.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Reads both descriptors to their ends, closing them.
    private static func readBoth(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var collected: [[UInt8]] = [[], []]
        var fds = [pollfd(fd: first, events: Int16(POLLIN), revents: 0), pollfd(fd: second, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while fds.contains(where: { $0.fd >= 0 }) {
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { break }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = read(fds[index].fd, &buffer, buffer.count)
                if count > 0 {
                    collected[index] += buffer[..<count]
                } else if count == 0 || errno != EINTR {
                    close(fds[index].fd)
                    fds[index].fd = -1
                }
            }
        }
        return (collected[0], collected[1])
    }
}
