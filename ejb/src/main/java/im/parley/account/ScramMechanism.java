package im.parley.account;

/** The SCRAM variants (RFC 5802, RFC 7677) for which Parley keeps keys. */
public enum ScramMechanism {
    SCRAM_SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1"),
    SCRAM_SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256");

    private final String saslName;
    private final String hmacAlgorithm;
    private final String digestAlgorithm;

    ScramMechanism(String saslName, String hmacAlgorithm, String digestAlgorithm) {
        this.saslName = saslName;
        this.hmacAlgorithm = hmacAlgorithm;
        this.digestAlgorithm = digestAlgorithm;
    }

    public String saslName() {
        return saslName;
    }

    public String hmacAlgorithm() {
        return hmacAlgorithm;
    }

    public String digestAlgorithm() {
        return digestAlgorithm;
    }
}
