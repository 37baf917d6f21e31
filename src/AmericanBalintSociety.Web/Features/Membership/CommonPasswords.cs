using System.Reflection;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// The most common passwords (from zxcvbn-ts's list, 8 characters or more; see <c>common-passwords.LICENSE.txt</c>
/// and <c>tools/update-common-passwords.sh</c>), loaded once.
/// </summary>
public sealed class CommonPasswords
{
    private readonly HashSet<string> _passwords;

    public CommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream("AmericanBalintSociety.Web.Features.Membership.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        _passwords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                _passwords.Add(line);
            }
        }
    }

    public int Count => _passwords.Count;

    public bool Contains(string password) => _passwords.Contains(password);
}
