namespace Automations.Compiled.Generators.Incremental
{
    /// <summary>Builds a <see cref="Hash128"/>: two independent 64-bit lanes over the same input.</summary>
    internal struct Hasher
    {
        private ulong _a;
        private ulong _b;

        public static Hasher Create() => new() { _a = 14695981039346656037UL, _b = 0x9E3779B97F4A7C15UL };

        public void Add(char c)
        {
            unchecked
            {
                _a = (_a ^ c) * 1099511628211UL;
                _b = Rotate((_b ^ c) * 0xC2B2AE3D27D4EB4FUL, 31) * 0x165667B19E3779F9UL;
            }
        }

        public void Add(long value)
        {
            for (var i = 0; i < 4; i++)
            {
                Add((char)(value >> (16 * i)));
            }
        }

        /// <summary>Adds the length first, so ("ab", "c") and ("a", "bc") differ.</summary>
        public void Add(string? text)
        {
            if (text is null)
            {
                Add(-1L);
                return;
            }

            Add(text.Length);
            foreach (var c in text)
            {
                Add(c);
            }
        }

        public void Add(Hash128 hash)
        {
            Add(unchecked((long)hash.High));
            Add(unchecked((long)hash.Low));
        }

        public Hash128 Finish() => new(Mix(_a ^ (_b >> 7)), Mix(_b + _a));

        private static ulong Rotate(ulong value, int bits) => (value << bits) | (value >> (64 - bits));

        private static ulong Mix(ulong value)
        {
            unchecked
            {
                value ^= value >> 33;
                value *= 0xFF51AFD7ED558CCDUL;
                value ^= value >> 33;
                value *= 0xC4CEB9FE1A85EC53UL;
                value ^= value >> 33;
                return value;
            }
        }
    }
}
