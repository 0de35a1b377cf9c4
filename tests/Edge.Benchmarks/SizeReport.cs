using System.Collections.Immutable;
using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Edge.Benchmarks;

/// <summary>
/// <c>Edge.Benchmarks mstat FILE.mstat [--top N] [--namespaces ASSEMBLY]</c>: where the bytes of a NativeAOT binary
/// go, from the statistics file the compiler writes with <c>-p:IlcGenerateMstatFile=true</c> (obj/…/native/edge.mstat).
/// Figures, never assertions.
/// <para>
/// The file (format 2.x) is an ECMA-335 assembly whose global methods hold the figures as IL: <c>Methods</c> is
/// <c>ldtoken method; ldc.i4 code; ldc.i4 gcinfo; ldc.i4 ehinfo; ldc.i4 name</c> per compiled method, <c>Types</c>
/// is <c>ldtoken type; ldc.i4 size; ldc.i4 name</c> per type structure (MethodTable), <c>RvaFields</c> the same per
/// static data field, <c>FrozenObjects</c> <c>ldtoken type; ldc.i4 size; ldc.i4 name; ldtoken owner | ldc.i4 0</c>
/// per preinitialized object, and <c>Blobs</c> <c>ldstr node; ldc.i4 size</c> per other node kind (metadata, stack
/// trace data, relocations…). Tokens refer to the file's own TypeRef/MemberRef/TypeSpec tables, whose resolution
/// scopes name the assembly each entity came from; a generic instantiation is counted for its generic definition.
/// </para>
/// </summary>
public static partial class SizeReport
{
    public static int Run(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            Console.Error.WriteLine("usage: Edge.Benchmarks mstat FILE.mstat [--top N] [--namespaces ASSEMBLY] [--frozen] [--instantiations] [--types ASSEMBLY]");
            return 2;
        }

        var top = args.SkipWhile(a => a != "--top").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(25);
        var namespacesOf = args.SkipWhile(a => a != "--namespaces").Skip(1).FirstOrDefault();
        using var stream = File.OpenRead(args[1]);
        using var pe = new PEReader(stream);
        var reader = new MstatReader(pe);
        var rows = reader.Read();
        if (args.Contains("--frozen") || args.Contains("--instantiations") || args.Contains("--types"))
        {
            return Listings(args, reader, rows, top);
        }

        long code = rows.Where(r => r.Kind == "code").Sum(r => r.Bytes);
        long types = rows.Where(r => r.Kind == "types").Sum(r => r.Bytes);
        long data = rows.Where(r => r.Kind == "data").Sum(r => r.Bytes);
        long blobs = reader.Blobs.Sum(b => (long)b.Bytes);
        Console.WriteLine($"mstat {reader.Version}: code {code:N0} B (method bodies, GC and EH info), types {types:N0} B, "
            + $"static data and frozen objects {data:N0} B, other nodes {blobs:N0} B; total {code + types + data + blobs:N0} B");

        Console.WriteLine();
        Console.WriteLine($"{"assembly",-52} {"code",11} {"types",10} {"data",10} {"total",11}");
        foreach (var group in rows.GroupBy(r => r.Assembly).OrderByDescending(g => g.Sum(r => r.Bytes)).Take(top))
        {
            Console.WriteLine($"{group.Key,-52} {Sum(group, "code"),11:N0} {Sum(group, "types"),10:N0} {Sum(group, "data"),10:N0} {group.Sum(r => r.Bytes),11:N0}");
        }

        Console.WriteLine();
        Console.WriteLine("the same with each generic instantiation counted for the first of its type arguments that is not");
        Console.WriteLine("System.Private.CoreLib's (List<Edge.Xmpp.Jid> is Edge.Xmpp's, List<string> CoreLib's):");
        Console.WriteLine($"{"assembly",-52} {"total",11}");
        foreach (var group in rows.GroupBy(r => r.Cause).OrderByDescending(g => g.Sum(r => r.Bytes)).Take(top))
        {
            Console.WriteLine($"{group.Key,-52} {group.Sum(r => r.Bytes),11:N0}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"namespace (assembly)",-84} {"total",11}");
        var namespaces = rows.Where(r => namespacesOf is null || r.Assembly == namespacesOf)
            .GroupBy(r => $"{r.Namespace} ({r.Assembly})");
        foreach (var group in namespaces.OrderByDescending(g => g.Sum(r => r.Bytes)).Take(top * 2))
        {
            Console.WriteLine($"{group.Key,-84} {group.Sum(r => r.Bytes),11:N0}");
        }

        Console.WriteLine();
        Console.WriteLine($"{"other node kind",-84} {"total",11}");
        foreach (var (name, bytes) in reader.Blobs.OrderByDescending(b => b.Bytes).Take(top))
        {
            Console.WriteLine($"{name,-84} {bytes,11:N0}");
        }

        return 0;
    }

    /// <summary>
    /// <c>Edge.Benchmarks smaps FILE</c>: a copy of /proc/PID/smaps (<c>steady --smaps FILE</c>) summed by what each
    /// mapping is: the executable's segments by permission (r-x code; r-- read-only data, whose private dirty part is
    /// what the loader wrote there: relocations under RELRO; rw- data), shared libraries, the C heap, thread stacks
    /// (an anonymous read-write mapping right after a guard page of at most 64 KiB; the GC's reservations around its
    /// committed regions are far larger) and the remaining anonymous memory (the GC heap
    /// and the runtime's own allocations), each as RSS split into clean and dirty pages.
    /// </summary>
    public static int Smaps(string[] args)
    {
        if (args.Length < 2 || !File.Exists(args[1]))
        {
            Console.Error.WriteLine("usage: Edge.Benchmarks smaps FILE (a copy of /proc/PID/smaps)");
            return 2;
        }

        var totals = new Dictionary<string, long[]>(); // kB: rss, private clean, private dirty, shared clean, shared dirty, size
        string? category = null;
        string? previousPerms = null;
        long previousSize = 0;
        string? executable = null;
        foreach (var line in File.ReadLines(args[1]))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-', StringComparison.Ordinal) && !fields[0].EndsWith(':'))
            {
                var path = fields.Length >= 6 ? fields[5] : "";
                var perms = fields[1];
                executable ??= path.Length > 0 ? path : null;
                category = path == executable ? $"{Path.GetFileName(path)} {perms[..3]}"
                    : path.StartsWith('/') ? "shared libraries (" + Path.GetFileName(path) + ")"
                    : path == "[heap]" ? "C heap ([heap])"
                    : path.StartsWith('[') ? path
                    : perms.StartsWith("---", StringComparison.Ordinal) ? "reserved (no access)"
                    : previousPerms is not null && previousPerms.StartsWith("---", StringComparison.Ordinal) && previousSize <= 65536
                        ? "thread stacks (after a guard page)"
                    : "anonymous (GC heap, runtime)";
                if (category.StartsWith("shared libraries", StringComparison.Ordinal))
                {
                    category = "shared libraries";
                }

                var size = ParseRange(fields[0]);
                previousPerms = perms;
                previousSize = size;
                Add(category, 5, size / 1024);
                continue;
            }

            if (category is null || fields.Length < 2)
            {
                continue;
            }

            var index = fields[0] switch
            {
                "Rss:" => 0,
                "Private_Clean:" => 1,
                "Private_Dirty:" => 2,
                "Shared_Clean:" => 3,
                "Shared_Dirty:" => 4,
                _ => -1,
            };
            if (index >= 0)
            {
                Add(category, index, long.Parse(fields[1], CultureInfo.InvariantCulture));
            }
        }

        Console.WriteLine($"{"mapping",-40} {"mapped kB",10} {"RSS kB",8} {"priv clean",10} {"priv dirty",10} {"shr clean",10} {"shr dirty",10}");
        foreach (var (name, v) in totals.OrderByDescending(t => t.Value[0]))
        {
            Console.WriteLine($"{name,-40} {v[5],10:N0} {v[0],8:N0} {v[1],10:N0} {v[2],10:N0} {v[3],10:N0} {v[4],10:N0}");
        }

        var all = Enumerable.Range(0, 6).Select(i => totals.Values.Sum(v => v[i])).ToArray();
        Console.WriteLine($"{"total",-40} {all[5],10:N0} {all[0],8:N0} {all[1],10:N0} {all[2],10:N0} {all[3],10:N0} {all[4],10:N0}");
        return 0;

        void Add(string name, int index, long kb)
        {
            if (!totals.TryGetValue(name, out var v))
            {
                totals[name] = v = new long[6];
            }

            v[index] += kb;
        }

        static long ParseRange(string range)
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            return long.Parse(range[(dash + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                - long.Parse(range[..dash], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
    }

    private static long Sum(IEnumerable<Row> rows, string kind) => rows.Where(r => r.Kind == kind).Sum(r => r.Bytes);

    private readonly record struct Row(string Kind, string Assembly, string Namespace, string Cause, long Bytes, EntityHandle Token = default);

    /// <summary>Walks the IL of the mstat's global methods and names each entity's assembly and namespace.</summary>
    private sealed partial class MstatReader(PEReader pe)
    {
        private readonly MetadataReader _md = pe.GetMetadataReader();

        public string Version => _md.GetAssemblyDefinition().Version.ToString();

        public List<(string Name, int Bytes)> Blobs { get; } = [];

        /// <summary>Each preinitialized object: its type, its size and the type whose static field holds it (nil: none given).</summary>
        public List<(EntityHandle Type, int Bytes, EntityHandle Owner)> Frozen { get; } = [];

        public List<Row> Read()
        {
            var rows = new List<Row>();
            var global = _md.GetTypeDefinition(MetadataTokens.TypeDefinitionHandle(1));
            foreach (var handle in global.GetMethods())
            {
                var method = _md.GetMethodDefinition(handle);
                var name = _md.GetString(method.Name);
                var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
                foreach (var (token, text, ints) in Records(il))
                {
                    switch (name)
                    {
                        case "Methods" when ints.Count >= 3:
                            Add(rows, "code", token, ints[0] + ints[1] + ints[2]);
                            break;
                        case "Types" when ints.Count >= 1:
                            Add(rows, "types", token, ints[0]);
                            break;
                        case "RvaFields" or "FrozenObjects" when ints.Count >= 1:
                            Add(rows, "data", token, ints[0]);
                            if (name == "FrozenObjects")
                            {
                                Frozen.Add((token, ints[0], default));
                            }

                            break;
                        case "FrozenObjects" when Frozen.Count > 0 && Frozen[^1].Owner.IsNil:
                            Frozen[^1] = Frozen[^1] with { Owner = token }; // the record's second ldtoken: its owner
                            break;
                        case "Blobs" when text is not null && ints.Count >= 1:
                            Blobs.Add((text, ints[0]));
                            break;
                    }
                }
            }

            return rows;
        }

        private void Add(List<Row> rows, string kind, EntityHandle token, int bytes)
        {
            var (assembly, ns) = Owner(token);
            rows.Add(new Row(kind, assembly, ns, Cause(token), bytes, token));
        }

        /// <summary>
        /// One record per <c>ldtoken</c> or <c>ldstr</c>, with the integers that follow it. A FrozenObjects record's
        /// second ldtoken (the owning type) starts a record of its own with no integers, which the caller skips.
        /// </summary>
        private IEnumerable<(EntityHandle Token, string? Text, List<int> Ints)> Records(BlobReader il)
        {
            EntityHandle token = default;
            string? text = null;
            var ints = new List<int>();
            var open = false;
            while (il.RemainingBytes > 0)
            {
                var op = (ILOpCode)il.ReadByte();
                if ((byte)op == 0xFE)
                {
                    op = (ILOpCode)(0xFE00 | il.ReadByte());
                }

                switch (op)
                {
                    case ILOpCode.Ldtoken:
                    case ILOpCode.Ldstr:
                        if (open)
                        {
                            yield return (token, text, ints);
                        }

                        var raw = il.ReadInt32();
                        token = op == ILOpCode.Ldtoken ? MetadataTokens.EntityHandle(raw) : default;
                        text = op == ILOpCode.Ldstr ? _md.GetUserString(MetadataTokens.UserStringHandle(raw & 0xFFFFFF)) : null;
                        ints = [];
                        open = true;
                        break;
                    case ILOpCode.Ldc_i4:
                        ints.Add(il.ReadInt32());
                        break;
                    case ILOpCode.Ldc_i4_s:
                        ints.Add(il.ReadSByte());
                        break;
                    case >= ILOpCode.Ldc_i4_m1 and <= ILOpCode.Ldc_i4_8:
                        ints.Add(op - ILOpCode.Ldc_i4_0);
                        break;
                    case ILOpCode.Pop or ILOpCode.Ret or ILOpCode.Nop:
                        break;
                    default:
                        throw new InvalidDataException($"unexpected IL opcode {op} in the mstat file");
                }
            }

            if (open)
            {
                yield return (token, text, ints);
            }
        }

        private (string Assembly, string Namespace) Owner(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return ("System.Private.CoreLib", "System");
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeReference:
                {
                    var type = _md.GetTypeReference((TypeReferenceHandle)handle);
                    return type.ResolutionScope.Kind switch
                    {
                        HandleKind.TypeReference => Owner((TypeReferenceHandle)type.ResolutionScope), // nested: the outer type's
                        HandleKind.AssemblyReference => (_md.GetString(_md.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name),
                            _md.GetString(type.Namespace)),
                        _ => ("(this module)", _md.GetString(type.Namespace)),
                    };
                }

                case HandleKind.TypeDefinition:
                    return ("(compiler-generated)", _md.GetString(_md.GetTypeDefinition((TypeDefinitionHandle)handle).Namespace));
                case HandleKind.TypeSpecification:
                    return Owner(GenericDefinition(_md.GetTypeSpecification((TypeSpecificationHandle)handle).Signature));
                case HandleKind.MemberReference:
                    return Owner(_md.GetMemberReference((MemberReferenceHandle)handle).Parent);
                case HandleKind.MethodSpecification:
                    return Owner(_md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
                case HandleKind.MethodDefinition:
                    return Owner(_md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                case HandleKind.FieldDefinition:
                    return Owner(_md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                default:
                    return ("(other)", handle.Kind.ToString());
            }
        }

        /// <summary>The assembly that made the compiler generate <paramref name="handle"/> (see <see cref="CauseProvider"/>).</summary>
        private string Cause(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeSpecification:
                    return _md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(new CauseProvider(this), null);
                case HandleKind.MemberReference:
                    return Cause(_md.GetMemberReference((MemberReferenceHandle)handle).Parent);
                case HandleKind.MethodSpecification:
                {
                    var spec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    var arguments = spec.DecodeSignature(new CauseProvider(this), null);
                    return CauseProvider.FirstNotCoreLib([.. arguments, Cause(spec.Method)]);
                }

                default:
                    return Owner(handle).Assembly;
            }
        }

        /// <summary>
        /// Decodes a signature into the assembly to blame: a generic instantiation is the first of its type arguments
        /// not from System.Private.CoreLib (else its definition's assembly), an array or pointer its element's.
        /// </summary>
        private sealed class CauseProvider(MstatReader reader) : ISignatureTypeProvider<string, object?>
        {
            private const string CoreLib = "System.Private.CoreLib";

            public static string FirstNotCoreLib(IEnumerable<string> assemblies)
                => assemblies.FirstOrDefault(a => a != CoreLib) ?? CoreLib;

            public string GetTypeFromDefinition(MetadataReader md, TypeDefinitionHandle handle, byte rawTypeKind) => reader.Owner(handle).Assembly;

            public string GetTypeFromReference(MetadataReader md, TypeReferenceHandle handle, byte rawTypeKind) => reader.Owner(handle).Assembly;

            public string GetTypeFromSpecification(MetadataReader md, object? context, TypeSpecificationHandle handle, byte rawTypeKind) => reader.Cause(handle);

            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => FirstNotCoreLib([.. typeArguments, genericType]);

            public string GetSZArrayType(string elementType) => elementType;

            public string GetArrayType(string elementType, ArrayShape shape) => elementType;

            public string GetByReferenceType(string elementType) => elementType;

            public string GetPointerType(string elementType) => elementType;

            public string GetPinnedType(string elementType) => elementType;

            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => CoreLib;

            public string GetFunctionPointerType(MethodSignature<string> signature) => CoreLib;

            public string GetGenericMethodParameter(object? context, int index) => CoreLib;

            public string GetGenericTypeParameter(object? context, int index) => CoreLib;
        }

        /// <summary>
        /// The type a TypeSpec signature is built on: the generic definition of an instantiation, the element type
        /// of an array or pointer; nothing for a bare primitive.
        /// </summary>
        private EntityHandle GenericDefinition(BlobHandle signature)
        {
            var blob = _md.GetBlobReader(signature);
            while (blob.RemainingBytes > 0)
            {
                var code = blob.ReadSignatureTypeCode();
                switch (code)
                {
                    case SignatureTypeCode.GenericTypeInstance:
                        blob.ReadSignatureTypeCode(); // class or valuetype
                        return blob.ReadTypeHandle();
                    case SignatureTypeCode.TypeHandle:
                        return blob.ReadTypeHandle();
                    case SignatureTypeCode.SZArray or SignatureTypeCode.Pointer or SignatureTypeCode.ByReference:
                        continue;
                    case SignatureTypeCode.Array:
                        continue; // element type first; the shape that follows is never reached
                    default:
                        return default; // a primitive: System.Private.CoreLib's
                }
            }

            return default; // a primitive: System.Private.CoreLib's
        }
    }
}
