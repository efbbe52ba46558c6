/// An entity an event names: a user, token, channel, redemption code or option.
public enum EntityRef: Hashable, Sendable {
    case user(Int64)
    case token(Int64)
    case channel(Int64)
    case redemption(Int64)
    case option(String)

    /// The name of the entity's stream, e.g. `user:42`.
    public var streamName: String {
        switch self {
        case .user(let id): "user:\(id)"
        case .token(let id): "token:\(id)"
        case .channel(let id): "channel:\(id)"
        case .redemption(let id): "redemption:\(id)"
        case .option(let key): "option:\(key)"
        }
    }
}

/// The stream an event is appended to: one entity's history, or a system-wide stream.
public enum EventStream: Hashable, Sendable {
    /// First-run setup.
    case system
    /// The abilities table as a whole (`/api/channel/fix`).
    case abilities
    case entity(EntityRef)

    public static func user(_ id: Int64) -> EventStream { .entity(.user(id)) }
    public static func token(_ id: Int64) -> EventStream { .entity(.token(id)) }
    public static func channel(_ id: Int64) -> EventStream { .entity(.channel(id)) }
    public static func redemption(_ id: Int64) -> EventStream { .entity(.redemption(id)) }
    public static func option(_ key: String) -> EventStream { .entity(.option(key)) }

    /// The name the store keeps (`system`, `abilities`, `user:42`, …).
    public var name: String {
        switch self {
        case .system: "system"
        case .abilities: "abilities"
        case .entity(let entity): entity.streamName
        }
    }

    /// The entity whose history the stream is, if any.
    public var entity: EntityRef? {
        if case .entity(let entity) = self { entity } else { nil }
    }
}
