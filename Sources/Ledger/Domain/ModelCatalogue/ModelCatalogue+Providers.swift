extension ModelCatalogue {
    /// QuantumNous/new-api `relay/channel/claude/constants.go` (`ChannelName` "claude").
    static let anthropic = [
        "claude-3-sonnet-20240229", "claude-3-opus-20240229", "claude-3-haiku-20240307",
        "claude-3-5-haiku-20241022", "claude-haiku-4-5-20251001",
        "claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022",
        "claude-3-7-sonnet-20250219", "claude-3-7-sonnet-20250219-thinking",
        "claude-sonnet-4-20250514", "claude-sonnet-4-20250514-thinking",
        "claude-opus-4-20250514", "claude-opus-4-20250514-thinking",
        "claude-opus-4-1-20250805", "claude-opus-4-1-20250805-thinking",
        "claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929-thinking",
        "claude-opus-4-5-20251101", "claude-opus-4-5-20251101-thinking",
    ]

    /// QuantumNous/new-api `relay/channel/gemini/constant.go` (`ChannelName` "google gemini").
    static let gemini = [
        "gemini-2.5-flash", "gemini-2.5-pro", "gemini-2.0-flash",
        "gemini-2.0-flash-001", "gemini-2.0-flash-lite-001", "gemini-2.0-flash-lite",
        "gemini-2.5-flash-lite",
        "gemini-flash-latest", "gemini-flash-lite-latest", "gemini-pro-latest",
        "gemini-2.5-flash-preview-tts", "gemini-2.5-pro-preview-tts",
        "gemini-2.5-flash-image", "gemini-2.5-flash-lite-preview-09-2025",
        "gemini-3-pro-preview", "gemini-3-flash-preview", "gemini-3-pro-image-preview",
        "gemma-3-1b-it", "gemma-3-4b-it", "gemma-3-12b-it",
        "gemma-3-27b-it", "gemma-3n-e4b-it", "gemma-3n-e2b-it",
        "gemini-embedding-001",
        "imagen-4.0-generate-001", "imagen-4.0-ultra-generate-001", "imagen-4.0-fast-generate-001",
        "veo-2.0-generate-001", "veo-3.0-generate-001", "veo-3.0-fast-generate-001",
        "aqa",
    ]

    /// QuantumNous/new-api `relay/channel/deepseek/constants.go` (`ChannelName` "deepseek").
    static let deepSeek = ["deepseek-chat", "deepseek-reasoner"]

    /// QuantumNous/new-api `relay/channel/moonshot/constants.go` (`ChannelName` "moonshot").
    static let moonshot = [
        "kimi-k2.5", "kimi-k2-0905-preview", "kimi-k2-turbo-preview", "kimi-k2-thinking", "kimi-k2-thinking-turbo",
    ]

    /// QuantumNous/new-api `relay/channel/xai/constants.go` (`ChannelName` "xai").
    static let xAI = [
        "grok-3-beta", "grok-3-mini-beta", "grok-3-fast-beta", "grok-3-mini-fast-beta",
        "grok-3-mini-beta-high", "grok-3-mini-beta-low", "grok-3-mini-beta-medium",
        "grok-3-mini-fast-beta-high", "grok-3-mini-fast-beta-low", "grok-3-mini-fast-beta-medium",
        "grok-2-image", "grok-2", "grok-2-vision", "grok-beta", "grok-vision-beta",
    ]

    /// QuantumNous/new-api `relay/channel/mistral/constants.go` (`ChannelName` "mistral").
    static let mistral = [
        "open-mistral-7b", "open-mixtral-8x7b", "mistral-small-latest", "mistral-medium-latest",
        "mistral-large-latest", "mistral-embed",
    ]

    /// QuantumNous/new-api `relay/channel/ali/constants.go` (`ChannelName` "ali"), its text models.
    static let ali = [
        "qwen-turbo", "qwen-plus", "qwen-max", "qwen-max-longcontext", "qwq-32b", "qwen3-235b-a22b",
        "text-embedding-v1", "gte-rerank-v2",
    ]
}
