using System.Globalization;
using Mlops.Core.Diagnostics;

namespace Mlops.Core.Features;

/// <summary>
/// A parsed derived-feature expression: numbers, column names (letters, digits, '_', or any name in backticks), unary
/// minus, <c>+ - * /</c>, parentheses, and the functions <c>log</c>, <c>log1p</c>, <c>exp</c>, <c>sqrt</c>, <c>abs</c>,
/// <c>ratio(a, b)</c> and <c>bucketize(x, b1, ..., bn)</c>. Evaluated a column at a time; a missing input or a
/// non-finite result is missing (NaN).
/// </summary>
internal sealed class FeatureExpression
{
    private const int MaxLength = 1000;
    private const int MaxDepth = 32;
    private readonly Node _root;

    private FeatureExpression(Node root, IReadOnlyList<string> columns, string text)
    {
        _root = root;
        Columns = columns;
        Text = text;
    }

    /// <summary>The columns the expression reads, in order of first use.</summary>
    public IReadOnlyList<string> Columns { get; }

    public string Text { get; }

    public static FeatureExpression Parse(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw MlopsException.Validation("The expression is empty; write e.g. 'ratio(fare, distance)' or 'log(amount)'.", field);
        }

        if (text.Length > MaxLength)
        {
            throw MlopsException.Validation($"The expression has {text.Length} characters; at most {MaxLength} are allowed.", field);
        }

        var parser = new Parser(text, field);
        var root = parser.ParseAll();
        return new FeatureExpression(root, parser.Columns, text);
    }

    /// <summary>Evaluates the expression for <paramref name="rows"/> rows; <paramref name="column"/> gives a column's numbers.</summary>
    public double[] Evaluate(Func<string, double[]> column, int rows)
    {
        var result = _root.Evaluate(column, rows);
        if (_root is ColumnNode)
        {
            result = (double[])result.Clone();
        }

        for (var i = 0; i < result.Length; i++)
        {
            if (!double.IsFinite(result[i]))
            {
                result[i] = double.NaN;
            }
        }

        return result;
    }

    private abstract class Node
    {
        public abstract double[] Evaluate(Func<string, double[]> column, int rows);
    }

    private sealed class ConstantNode(double value) : Node
    {
        public double Value { get; } = value;

        public override double[] Evaluate(Func<string, double[]> column, int rows)
        {
            var values = new double[rows];
            Array.Fill(values, Value);
            return values;
        }
    }

    private sealed class ColumnNode(string name) : Node
    {
        public override double[] Evaluate(Func<string, double[]> column, int rows) => column(name);
    }

    private sealed class UnaryNode(Node operand, Func<double, double> apply) : Node
    {
        public override double[] Evaluate(Func<string, double[]> column, int rows)
        {
            var input = operand.Evaluate(column, rows);
            var output = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                output[i] = apply(input[i]);
            }

            return output;
        }
    }

    private sealed class BinaryNode(Node left, Node right, Func<double, double, double> apply) : Node
    {
        public override double[] Evaluate(Func<string, double[]> column, int rows)
        {
            var a = left.Evaluate(column, rows);
            var b = right.Evaluate(column, rows);
            var output = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                output[i] = apply(a[i], b[i]);
            }

            return output;
        }
    }

    private sealed class BucketizeNode(Node operand, double[] boundaries) : Node
    {
        public override double[] Evaluate(Func<string, double[]> column, int rows)
        {
            var input = operand.Evaluate(column, rows);
            var output = new double[rows];
            for (var i = 0; i < rows; i++)
            {
                var x = input[i];
                if (double.IsNaN(x))
                {
                    output[i] = double.NaN;
                    continue;
                }

                // The number of boundaries <= x: bucket 0 below the first, n at or above the last.
                var index = Array.BinarySearch(boundaries, x);
                output[i] = index >= 0 ? index + 1 : ~index;
            }

            return output;
        }
    }

    private sealed class Parser(string text, string field)
    {
        private readonly List<string> _columns = [];
        private int _position;
        private int _depth;

        public IReadOnlyList<string> Columns => _columns;

        public Node ParseAll()
        {
            var node = ParseSum();
            SkipSpace();
            if (_position < text.Length)
            {
                throw Error($"unexpected '{text[_position]}'");
            }

            return node;
        }

        private Node ParseSum()
        {
            var node = ParseProduct();
            while (true)
            {
                SkipSpace();
                if (Accept('+'))
                {
                    node = new BinaryNode(node, ParseProduct(), static (a, b) => a + b);
                }
                else if (Accept('-'))
                {
                    node = new BinaryNode(node, ParseProduct(), static (a, b) => a - b);
                }
                else
                {
                    return node;
                }
            }
        }

        private Node ParseProduct()
        {
            var node = ParseUnary();
            while (true)
            {
                SkipSpace();
                if (Accept('*'))
                {
                    node = new BinaryNode(node, ParseUnary(), static (a, b) => a * b);
                }
                else if (Accept('/'))
                {
                    node = new BinaryNode(node, ParseUnary(), static (a, b) => a / b);
                }
                else
                {
                    return node;
                }
            }
        }

        private Node ParseUnary()
        {
            SkipSpace();
            if (++_depth > MaxDepth)
            {
                throw Error($"it nests deeper than {MaxDepth} levels");
            }

            try
            {
                if (Accept('-'))
                {
                    var operand = ParseUnary();
                    return operand is ConstantNode constant ? new ConstantNode(-constant.Value) : new UnaryNode(operand, static x => -x);
                }

                return ParsePrimary();
            }
            finally
            {
                _depth--;
            }
        }

        private Node ParsePrimary()
        {
            SkipSpace();
            if (_position >= text.Length)
            {
                throw Error("it ends where a value was expected");
            }

            var c = text[_position];
            if (Accept('('))
            {
                var inner = ParseSum();
                Expect(')');
                return inner;
            }

            if (char.IsAsciiDigit(c) || c == '.')
            {
                return new ConstantNode(ParseNumber());
            }

            if (c == '`')
            {
                var end = text.IndexOf('`', _position + 1);
                if (end < 0 || end == _position + 1)
                {
                    throw Error("a `quoted` column name is not closed or is empty");
                }

                var quoted = text[(_position + 1)..end];
                _position = end + 1;
                return UseColumn(quoted);
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = _position;
                while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] == '_'))
                {
                    _position++;
                }

                var name = text[start.._position];
                SkipSpace();
                return Accept('(') ? ParseCall(name) : UseColumn(name);
            }

            throw Error($"unexpected '{c}'");
        }

        private Node ParseCall(string name)
        {
            var args = new List<Node>();
            SkipSpace();
            if (!Accept(')'))
            {
                do
                {
                    args.Add(ParseSum());
                    SkipSpace();
                }
                while (Accept(','));
                Expect(')');
            }

            switch (name.ToLowerInvariant())
            {
                case "log":
                    return Unary(name, args, static x => x > 0 ? Math.Log(x) : double.NaN);
                case "log1p":
                    return Unary(name, args, static x => x > -1 ? Math.Log(1 + x) : double.NaN);
                case "exp":
                    return Unary(name, args, Math.Exp);
                case "sqrt":
                    return Unary(name, args, static x => x >= 0 ? Math.Sqrt(x) : double.NaN);
                case "abs":
                    return Unary(name, args, Math.Abs);
                case "ratio":
                    if (args.Count != 2)
                    {
                        throw Error($"ratio takes 2 arguments (numerator, denominator); got {args.Count}");
                    }

                    return new BinaryNode(args[0], args[1], static (a, b) => b == 0 ? double.NaN : a / b);
                case "bucketize":
                    return Bucketize(args);
                default:
                    throw Error($"'{name}' is not a function; use log, log1p, exp, sqrt, abs, ratio or bucketize");
            }
        }

        private UnaryNode Unary(string name, List<Node> args, Func<double, double> apply) =>
            args.Count == 1 ? new UnaryNode(args[0], apply) : throw Error($"{name} takes 1 argument; got {args.Count}");

        private BucketizeNode Bucketize(List<Node> args)
        {
            if (args.Count < 2)
            {
                throw Error("bucketize takes a value and at least one boundary, e.g. bucketize(age, 18, 30, 65)");
            }

            var boundaries = new double[args.Count - 1];
            for (var i = 1; i < args.Count; i++)
            {
                boundaries[i - 1] = args[i] is ConstantNode constant
                    ? constant.Value
                    : throw Error("bucketize's boundaries must be numbers");
                if (i > 1 && boundaries[i - 1] <= boundaries[i - 2])
                {
                    throw Error("bucketize's boundaries must be strictly ascending");
                }
            }

            return new BucketizeNode(args[0], boundaries);
        }

        private ColumnNode UseColumn(string name)
        {
            if (!_columns.Contains(name, StringComparer.Ordinal))
            {
                _columns.Add(name);
            }

            return new ColumnNode(name);
        }

        private double ParseNumber()
        {
            var start = _position;
            while (_position < text.Length && (char.IsAsciiDigit(text[_position]) || text[_position] == '.'))
            {
                _position++;
            }

            if (_position < text.Length && text[_position] is 'e' or 'E')
            {
                _position++;
                if (_position < text.Length && text[_position] is '+' or '-')
                {
                    _position++;
                }

                while (_position < text.Length && char.IsAsciiDigit(text[_position]))
                {
                    _position++;
                }
            }

            var token = text[start.._position];
            return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw Error($"'{token}' is not a number");
        }

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private bool Accept(char c)
        {
            if (_position < text.Length && text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (!Accept(c))
            {
                throw Error(_position < text.Length ? $"expected '{c}' but found '{text[_position]}'" : $"expected '{c}' at the end");
            }
        }

        private MlopsException Error(string problem) => MlopsException.Validation(
            $"Expression '{text}' cannot be parsed at position {_position + 1}: {problem}.", field);
    }
}
