using System.Globalization;

namespace AnalogLA.Bayesian;

/// <summary>
/// Rebuilds a layer stack from its description, the string <see cref="Layer.Describe"/> gives (for example
/// <c>[BayesianConv2d(1,6,k5,s1,p2),ReLU,MaxPool2d(2),Flatten,BayesianLinear(1176,10)]</c>), so a checkpoint of any
/// <see cref="Sequential"/> of the library's layers stores its architecture, not a model name.
/// </summary>
/// <remarks>
/// Grammar: <c>list := '[' (item (',' item)*)? ']'</c>, <c>item := name ('(' arg (',' arg)* ')')? list?</c>, an
/// argument an integer with an optional letter prefix (k kernel, s stride, p padding). The description is parsed
/// into tokens first and the weight count is summed from the tokens, so an absurd size is refused before anything
/// is allocated; the rebuilt stack must describe itself exactly as the input, or the input is refused.
/// </remarks>
public static class LayerSpec
{
    /// <summary>Longest accepted description.</summary>
    public const int MaxLength = 1 << 20;

    /// <summary>The weights (means) the description holds, from its tokens, without building anything.</summary>
    /// <exception cref="FormatException">The description is malformed (the message gives the character position).</exception>
    public static long Weights(string description) => Count(Tokens(description));

    /// <summary>Builds the stack that <paramref name="description"/> describes; Bayesian layers get <paramref name="options"/>.</summary>
    /// <exception cref="FormatException">Malformed, an unknown layer, or wrong arguments (the message names which).</exception>
    public static Sequential Build(string description, BayesianOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        var items = Tokens(description);
        ulong next = seed * 1000;
        var body = new Sequential(items.Select(item => Make(item, options, ref next)).ToList());
        if (body.Describe() != description)
        {
            throw new FormatException($"layer description does not rebuild to itself: '{description}' gives '{body.Describe()}'.");
        }

        return body;
    }

    private sealed record Item(string Name, int[] Args, List<Item>? Inner, int Position);

    private static List<Item> Tokens(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (description.Length > MaxLength)
        {
            throw new FormatException($"layer description of {description.Length} characters; the limit is {MaxLength}.");
        }

        int at = 0;
        var items = List(description, ref at, 0);
        if (at != description.Length)
        {
            throw new FormatException($"layer description: unexpected '{description[at]}' at character {at}.");
        }

        return items;
    }

    private static List<Item> List(string s, ref int at, int depth)
    {
        if (depth > 16)
        {
            throw new FormatException($"layer description nests deeper than 16 at character {at}.");
        }

        Expect(s, ref at, '[');
        var items = new List<Item>();
        if (at < s.Length && s[at] == ']')
        {
            at++;
            return items;
        }

        while (true)
        {
            int start = at;
            while (at < s.Length && char.IsAsciiLetterOrDigit(s[at]))
            {
                at++;
            }

            if (at == start)
            {
                throw new FormatException($"layer description: expected a layer name at character {start}.");
            }

            string name = s[start..at];
            var args = new List<int>();
            if (at < s.Length && s[at] == '(')
            {
                at++;
                do
                {
                    if (at < s.Length && s[at] is 'k' or 's' or 'p')
                    {
                        at++;
                    }

                    int digits = at;
                    while (at < s.Length && char.IsAsciiDigit(s[at]))
                    {
                        at++;
                    }

                    if (at == digits || !int.TryParse(s.AsSpan(digits, at - digits), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                    {
                        throw new FormatException($"layer description: expected a number (< 2³¹) at character {digits} in {name}.");
                    }

                    args.Add(value);
                }
                while (at < s.Length && s[at] == ',' && ++at > 0);
                Expect(s, ref at, ')');
            }

            var inner = at < s.Length && s[at] == '[' ? List(s, ref at, depth + 1) : null;
            items.Add(new Item(name, [.. args], inner, start));
            if (at < s.Length && s[at] == ',')
            {
                at++;
                continue;
            }

            Expect(s, ref at, ']');
            return items;
        }
    }

    private static void Expect(string s, ref int at, char c)
    {
        if (at >= s.Length || s[at] != c)
        {
            throw new FormatException($"layer description: expected '{c}' at character {at}{(at < s.Length ? $", found '{s[at]}'" : " (end)")}.");
        }

        at++;
    }

    private static long Count(List<Item> items)
    {
        long total = 0;
        foreach (var item in items)
        {
            long[] a = item.Args.Select(v => (long)v).ToArray();
            total += item.Name switch
            {
                "Conv2d" or "BayesianConv2d" when a.Length == 5 => a[0] * a[1] * a[2] * a[2],
                "Linear" or "BayesianLinear" when a.Length == 2 => a[0] * a[1],
                _ => item.Inner is null ? 0 : Count(item.Inner),
            };
        }

        return total;
    }

    private static Layer Make(Item item, BayesianOptions options, ref ulong next)
    {
        int[] a = item.Args;
        void Arity(int n)
        {
            if (a.Length != n)
            {
                throw new FormatException($"layer description: {item.Name} at character {item.Position} takes {n} arguments, got {a.Length}.");
            }
        }

        try
        {
            switch (item.Name)
            {
                case "Conv2d": Arity(5); return new Conv2d(a[0], a[1], a[2], a[3], a[4], ++next);
                case "BayesianConv2d": Arity(5); return new BayesianConv2d(a[0], a[1], a[2], a[3], a[4], options, ++next);
                case "Linear": Arity(2); return new Linear(a[0], a[1], ++next);
                case "BayesianLinear": Arity(2); return new BayesianLinear(a[0], a[1], options, ++next);
                case "ReLU": Arity(0); return new ReLU();
                case "Flatten": Arity(0); return new Flatten();
                case "GlobalAvgPool": Arity(0); return new GlobalAvgPool();
                case "MaxPool2d": Arity(1); return new MaxPool2d(a[0]);
                case "AvgPool2d": Arity(1); return new AvgPool2d(a[0]);
                case "BatchNorm2d": Arity(1); return new BatchNorm2d(a[0]);
                case "Residual":
                    Arity(3);
                    bool bayesian = item.Inner is [{ Name: "BayesianConv2d" }, ..];
                    ulong start = next;
                    next += 2;
                    ulong seedIndex = start;
                    return new ResidualBlock(a[0], a[1], a[2], (i, o, k, s, p) => bayesian
                        ? new BayesianConv2d(i, o, k, s, p, options, ++seedIndex)
                        : new Conv2d(i, o, k, s, p, ++seedIndex));
                default:
                    throw new FormatException($"layer description: unknown layer '{item.Name}' at character {item.Position} (known: Conv2d, BayesianConv2d, Linear, BayesianLinear, ReLU, Flatten, GlobalAvgPool, MaxPool2d, AvgPool2d, BatchNorm2d, Residual).");
            }
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"layer description: {item.Name} at character {item.Position}: {e.Message}", e);
        }
    }
}
